namespace Gepa.Orleans;

/// <summary>How a run dispatches its rollouts to the cluster.</summary>
public sealed class ClusterRolloutOptions
{
    /// <summary>Gets or sets the run's one concurrency knob: how many rollouts it keeps in flight across the cluster
    /// (logged when the run starts). Default <see cref="GepaClusterConstants.DefaultMaxConcurrentRollouts"/>; at least 1.</summary>
    public int MaxConcurrentRollouts { get; set; } = GepaClusterConstants.DefaultMaxConcurrentRollouts;

    /// <summary>Gets or sets how many examples travel in one batch at most (1 for long rollouts, so a lost silo costs
    /// one). A request is also cut into at least one batch per silo that has run the run's batches, so a minibatch
    /// smaller than this still spreads over the cluster. Default <see cref="GepaClusterConstants.DefaultBatchSize"/>; at
    /// least 1.</summary>
    public int BatchSize { get; set; } = GepaClusterConstants.DefaultBatchSize;

    /// <summary>Gets or sets how many slot grains batches spread over (each slot is placed on a silo at random when first
    /// called; the executor learns where, and sends each batch to a slot on the least busy silo). Default <see cref="GepaClusterConstants.DefaultSlots"/>; at least 1.</summary>
    public int Slots { get; set; } = GepaClusterConstants.DefaultSlots;

    /// <summary>Gets or sets how many attempts a batch gets when its silo is lost (the first included); after that the
    /// run fails, because a transport failure is never scored as an answer. Default
    /// <see cref="GepaClusterConstants.DefaultMaxAttempts"/>; at least 1.</summary>
    public int MaxAttempts { get; set; } = GepaClusterConstants.DefaultMaxAttempts;

    /// <summary>Gets or sets the pause before a retry, multiplied by the attempt number. Default
    /// <see cref="GepaClusterConstants.DefaultRetryBackoff"/>; zero or more.</summary>
    public TimeSpan RetryBackoff { get; set; } = GepaClusterConstants.DefaultRetryBackoff;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        static void AtLeastOne(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, value, $"ClusterRolloutOptions.{name} must be at least 1.");
            }
        }

        AtLeastOne(MaxConcurrentRollouts, nameof(MaxConcurrentRollouts));
        AtLeastOne(BatchSize, nameof(BatchSize));
        AtLeastOne(Slots, nameof(Slots));
        AtLeastOne(MaxAttempts, nameof(MaxAttempts));
        if (RetryBackoff < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBackoff), RetryBackoff, "ClusterRolloutOptions.RetryBackoff must be zero or more.");
        }
    }
}
