namespace Gepa.Orleans;

/// <summary>A token bucket per provider, one activation in the cluster. Its state is in memory: a fresh bucket after a
/// re-activation is at worst one burst too generous.</summary>
/// <param name="time">The clock.</param>
internal sealed class ProviderQuotaGrain(TimeProvider time) : Grain, IProviderQuotaGrain
{
    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(1);
    private double _tokens = double.NaN;
    private double _rate = double.NaN;
    private long _last;
    private long _pausedUntil;

    /// <inheritdoc/>
    public Task<QuotaLease> LeaseAsync(int permits, double ratePerSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        var now = time.GetTimestamp();
        if (double.IsNaN(_tokens))
        {
            (_tokens, _rate, _last) = (burst, ratePerSecond, now);
        }

        var elapsed = time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;

        // Additive increase: a tenth of the configured rate per second back toward it after a cut.
        _rate = Math.Min(ratePerSecond, _rate + (ratePerSecond * 0.1 * elapsed));
        _tokens = Math.Min(burst, _tokens + (elapsed * _rate));
        if (now < _pausedUntil)
        {
            return Task.FromResult(new QuotaLease { RetryAfter = time.GetElapsedTime(now, _pausedUntil) });
        }

        var granted = (int)Math.Min(permits, Math.Floor(_tokens));
        if (granted == 0)
        {
            return Task.FromResult(new QuotaLease { RetryAfter = TimeSpan.FromSeconds((1 - _tokens) / _rate) });
        }

        _tokens -= granted;
        return Task.FromResult(new QuotaLease { Permits = granted });
    }

    /// <inheritdoc/>
    public Task ReportThrottledAsync(TimeSpan? retryAfter)
    {
        var now = time.GetTimestamp();
        if (!double.IsNaN(_rate))
        {
            _rate = Math.Max(_rate / 2, 0.1);
            _tokens = Math.Min(_tokens, 0);
        }

        var pause = retryAfter is { } r && r > TimeSpan.Zero ? r : DefaultPause;
        _pausedUntil = Math.Max(_pausedUntil, now + (long)(pause.TotalSeconds * time.TimestampFrequency));
        return Task.CompletedTask;
    }
}
