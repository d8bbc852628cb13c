using System.Collections.Concurrent;

namespace Gepa;

/// <summary>Hands out one semaphore per model key, so that every pipeline that calls the same model shares one limit.</summary>
/// <remarks>The task model, the judge and the reflection model may be the same endpoint and model; a limit per pipeline
/// would multiply the concurrency the server sees. Thread-safe.</remarks>
public sealed class ConcurrencyLimiterRegistry
{
    private readonly ConcurrentDictionary<string, Limiter> _limiters = new(StringComparer.Ordinal);

    /// <summary>Gets the semaphore of <paramref name="modelKey"/>, creating it with <paramref name="maxConcurrency"/> slots.</summary>
    /// <param name="modelKey">Identifies the model (for example provider, endpoint and model id).</param>
    /// <param name="maxConcurrency">The number of calls allowed in flight at once; used only when the key is new.</param>
    /// <returns>The shared semaphore.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    /// <remarks>The first registration of a key fixes its limit; callers that need the smallest of several requested
    /// limits should compute it before registering.</remarks>
    public SemaphoreSlim GetOrCreate(string modelKey, int maxConcurrency)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return _limiters.GetOrAdd(modelKey, static (_, max) => new Limiter(max), maxConcurrency).Semaphore;
    }

    /// <summary>Gets the limit fixed for <paramref name="modelKey"/>, or <see langword="null"/> when it is not registered.</summary>
    /// <param name="modelKey">The model key.</param>
    /// <returns>The number of slots.</returns>
    public int? GetLimit(string modelKey) => _limiters.TryGetValue(modelKey, out var l) ? l.Max : null;

    private sealed record Limiter(int Max)
    {
        public SemaphoreSlim Semaphore { get; } = new(Max, Max);
    }
}
