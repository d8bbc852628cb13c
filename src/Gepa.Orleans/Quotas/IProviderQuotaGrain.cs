namespace Gepa.Orleans;

/// <summary>The cluster-wide rate limit of one provider (key: the provider's name): a token bucket that leases permits
/// to the silos, so N workers share one limit instead of each having their own. The rate halves on every reported
/// 429, nothing is granted until a reported Retry-After has passed, and the rate climbs back additively.</summary>
public interface IProviderQuotaGrain : IGrainWithStringKey
{
    /// <summary>Leases up to <paramref name="permits"/> permits.</summary>
    /// <param name="permits">How many the silo would like.</param>
    /// <param name="ratePerSecond">The provider's configured limit, in calls per second.</param>
    /// <param name="burst">How many calls may go at once after a quiet period.</param>
    /// <returns>The permits granted, or how long to wait.</returns>
    Task<QuotaLease> LeaseAsync(int permits, double ratePerSecond, int burst);

    /// <summary>Reports that the provider answered 429: the rate halves, and nothing is granted for
    /// <paramref name="retryAfter"/> (or one second when the provider named no pause).</summary>
    /// <param name="retryAfter">The provider's Retry-After, or <see langword="null"/>.</param>
    /// <returns>A task.</returns>
    Task ReportThrottledAsync(TimeSpan? retryAfter);
}
