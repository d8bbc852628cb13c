namespace Gepa.Orleans;

/// <summary>Settings of one worker silo.</summary>
public sealed class GepaWorkerOptions
{
    /// <summary>Gets or sets how many rollout batches this silo runs at once (its gate; later batches queue). Default
    /// <see cref="GepaClusterConstants.DefaultWorkerMaxConcurrentBatches"/>; at least 1.</summary>
    public int MaxConcurrentBatches { get; set; } = GepaClusterConstants.DefaultWorkerMaxConcurrentBatches;

    /// <summary>Gets the rollout functions this silo serves, by name.</summary>
    public Dictionary<string, IRolloutFunction> Functions { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers a rollout function.</summary>
    /// <param name="name">The name runs use to ask for it.</param>
    /// <param name="function">The function.</param>
    /// <returns>These options.</returns>
    public GepaWorkerOptions AddFunction(string name, IRolloutFunction function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        Functions[name] = function;
        return this;
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxConcurrentBatches < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentBatches), MaxConcurrentBatches, "GepaWorkerOptions.MaxConcurrentBatches must be at least 1.");
        }
    }
}
