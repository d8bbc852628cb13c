namespace Gepa.Orleans;

/// <summary>Defaults of the cluster options.</summary>
public static class GepaClusterConstants
{
    /// <summary>The default number of rollout batches a worker silo runs at once.</summary>
    public const int DefaultWorkerMaxConcurrentBatches = 64;

    /// <summary>The default number of rollouts a run keeps in flight across the cluster.</summary>
    public const int DefaultMaxConcurrentRollouts = 32;

    /// <summary>The default number of examples sent to a worker in one batch.</summary>
    public const int DefaultBatchSize = 5;

    /// <summary>The default number of slot grains a run spreads its batches over.</summary>
    public const int DefaultSlots = 64;

    /// <summary>The default number of attempts a batch gets when silos are lost (the first dispatch included).</summary>
    public const int DefaultMaxAttempts = 6;

    /// <summary>The default pause before a retry, multiplied by the attempt number.</summary>
    public static readonly TimeSpan DefaultRetryBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one status poll may take before the client gives up on it and polls again.</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The name of the grain storage provider run grains checkpoint to.</summary>
    public const string StorageName = "gepa-runs";
}
