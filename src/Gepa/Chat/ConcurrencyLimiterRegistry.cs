using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Gepa;

/// <summary>Hands out one concurrency limiter per model key, so that every pipeline that calls the same model shares one limit.</summary>
/// <remarks>The task model, the judge and the reflection model may be the same endpoint and model; a limit per pipeline
/// would multiply the concurrency the server sees. Thread-safe.</remarks>
public sealed class ConcurrencyLimiterRegistry
{
    private readonly ConcurrentDictionary<string, Limiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>Gets the limiter of <paramref name="modelKey"/>, creating it with <paramref name="maxConcurrency"/> permits and
    /// an unbounded first-in-first-out queue.</summary>
    /// <param name="modelKey">Identifies the model (for example provider, endpoint and model id).</param>
    /// <param name="maxConcurrency">The number of calls allowed in flight at once; used only when the key is new.</param>
    /// <returns>The shared limiter.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    /// <remarks>The first registration of a key fixes its limit; callers that need the smallest of several requested
    /// limits should compute it before registering.</remarks>
    public RateLimiter GetOrCreate(string modelKey, int maxConcurrency)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return _limiters.GetOrAdd(modelKey, static (_, max) => new Limiter(max), maxConcurrency).RateLimiter;
    }

    /// <summary>Gets the limit fixed for <paramref name="modelKey"/>, or <see langword="null"/> when it is not registered.</summary>
    /// <param name="modelKey">The model key.</param>
    /// <returns>The number of slots.</returns>
    public int? GetLimit(string modelKey) => _limiters.TryGetValue(modelKey, out var l) ? l.Max : null;

    private sealed record Limiter(int Max)
    {
        public RateLimiter RateLimiter { get; } = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Max,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}
