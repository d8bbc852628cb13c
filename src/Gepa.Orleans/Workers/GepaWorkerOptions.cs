namespace Gepa.Orleans;

/// <summary>Settings of one worker silo.</summary>
public sealed class GepaWorkerOptions
{
    /// <summary>Gets or sets how many rollout batches this silo runs at once (its gate; later batches queue). Default
    /// <see cref="GepaClusterConstants.DefaultWorkerMaxConcurrentBatches"/>; at least 1.</summary>
    public int MaxConcurrentBatches { get; set; } = GepaClusterConstants.DefaultWorkerMaxConcurrentBatches;

    /// <summary>Gets the rollout functions this silo serves, by name.</summary>
    public Dictionary<string, IRolloutFunction> Functions { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the cluster-wide limits of the providers this silo's functions call, by provider name (every
    /// silo should declare the same limits).</summary>
    public Dictionary<string, ProviderLimit> ProviderLimits { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the rollout functions made from the silo's services (for example with its
    /// <see cref="ClusterRateLimiter"/>), by name.</summary>
    public Dictionary<string, Func<IServiceProvider, IRolloutFunction>> FunctionFactories { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers a rollout function made from the silo's services when the worker starts.</summary>
    /// <param name="name">The name runs use to ask for it.</param>
    /// <param name="factory">Makes the function.</param>
    /// <returns>These options.</returns>
    public GepaWorkerOptions AddFunction(string name, Func<IServiceProvider, IRolloutFunction> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        FunctionFactories[name] = factory;
        return this;
    }

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

    /// <summary>Makes the functions registered with a factory.</summary>
    internal IEnumerable<(string Name, IRolloutFunction Function)> FactoriesOrEmpty(IServiceProvider? services)
    {
        if (FunctionFactories.Count > 0 && services is null)
        {
            throw new InvalidOperationException("Rollout functions registered with a factory need the silo's services.");
        }

        return FunctionFactories.Select(kv => (kv.Key, kv.Value(services!)));
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxConcurrentBatches < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentBatches), MaxConcurrentBatches, "GepaWorkerOptions.MaxConcurrentBatches must be at least 1.");
        }

        foreach (var (name, limit) in ProviderLimits)
        {
            if (!(limit.RatePerSecond > 0) || limit.Burst < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ProviderLimits), limit, $"GepaWorkerOptions.ProviderLimits['{name}'] needs a rate above 0 and a burst of at least 1.");
            }
        }
    }
}
