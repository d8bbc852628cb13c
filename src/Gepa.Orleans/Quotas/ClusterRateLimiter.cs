namespace Gepa.Orleans;

/// <summary>One silo's side of the cluster-wide provider limits: hands out permits leased from each provider's
/// <see cref="IProviderQuotaGrain"/> (a few at a time, so the grain is not called once per model call).</summary>
/// <param name="grains">The cluster's grain factory.</param>
/// <param name="options">The silo's worker settings, with the providers' limits.</param>
public sealed class ClusterRateLimiter(IGrainFactory grains, GepaWorkerOptions options)
{
    private readonly Dictionary<string, int> _leased = new(StringComparer.Ordinal);

    /// <summary>Waits for a permit to call <paramref name="provider"/>; a provider without a configured limit is free.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the call may go.</returns>
    public async Task AcquireAsync(string provider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        if (!options.ProviderLimits.TryGetValue(provider, out var limit))
        {
            return;
        }

        while (true)
        {
            lock (_leased)
            {
                if (_leased.GetValueOrDefault(provider) > 0)
                {
                    _leased[provider]--;
                    return;
                }
            }

            // Lease a small share of a burst, so permits are not stranded on one silo while others wait.
            var want = Math.Max(1, limit.Burst / 4);
            var lease = await grains.GetGrain<IProviderQuotaGrain>(provider).LeaseAsync(want, limit.RatePerSecond, limit.Burst).WaitAsync(cancellationToken);
            if (lease.Permits > 0)
            {
                lock (_leased)
                {
                    _leased[provider] = _leased.GetValueOrDefault(provider) + lease.Permits - 1;
                }

                return;
            }

            await Task.Delay(lease.RetryAfter > TimeSpan.Zero ? lease.RetryAfter : TimeSpan.FromMilliseconds(10), cancellationToken);
        }
    }

    /// <summary>Reports that <paramref name="provider"/> answered 429, so the whole cluster slows down.</summary>
    /// <param name="provider">The provider's name.</param>
    /// <param name="retryAfter">The provider's Retry-After, or <see langword="null"/>.</param>
    /// <returns>A task.</returns>
    public async Task ReportThrottledAsync(string provider, TimeSpan? retryAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        lock (_leased)
        {
            _leased[provider] = 0;
        }

        await grains.GetGrain<IProviderQuotaGrain>(provider).ReportThrottledAsync(retryAfter);
    }
}
