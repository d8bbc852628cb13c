using System.Collections.Concurrent;

namespace Gepa;

/// <summary>Hands the samples a <see cref="SelfConsistencyChatClient"/> drew for one request to the
/// <see cref="SelfConsistencyMetric"/> that scores the reply, keyed by the request's last user message and the reply.</summary>
public sealed class SelfConsistencyLedger
{
    private readonly ConcurrentDictionary<(string Input, string Reply), IReadOnlyList<string>> _samples = new();

    /// <summary>Records the samples drawn for a request; the first is the reply the caller received.</summary>
    /// <param name="input">The request's last user message.</param>
    /// <param name="samples">The sampled replies.</param>
    public void Record(string input, IReadOnlyList<string> samples)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count > 0)
        {
            _samples[(input, samples[0])] = samples;
        }
    }

    /// <summary>Takes (and forgets) the samples recorded for a request and its reply.</summary>
    /// <param name="input">The request's last user message.</param>
    /// <param name="reply">The reply the caller received.</param>
    /// <returns>The samples, or <see langword="null"/> when none were recorded.</returns>
    public IReadOnlyList<string>? Take(string input, string reply) =>
        _samples.TryRemove((input, reply), out var samples) ? samples : null;
}
