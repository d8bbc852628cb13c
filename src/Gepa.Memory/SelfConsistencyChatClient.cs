using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Samples the task model <c>k</c> times for every request (each with its own <see cref="ChatOptions.Seed"/>, so
/// that a response cache does not return one reply k times), returns the first reply, and records all of them in a
/// <see cref="SelfConsistencyLedger"/> for <see cref="SelfConsistencyMetric"/>. One rollout then costs k model calls.</summary>
public sealed class SelfConsistencyChatClient : DelegatingChatClient
{
    private readonly int _samples;
    private readonly SelfConsistencyLedger _ledger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="inner">The task model.</param>
    /// <param name="samples">How many replies to draw per request (2 to 20).</param>
    /// <param name="ledger">Where the samples are recorded.</param>
    public SelfConsistencyChatClient(IChatClient inner, int samples, SelfConsistencyLedger ledger)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (samples is < 2 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"Self-consistency needs 2 to 20 samples; it is {samples}.");
        }

        _samples = samples;
        _ledger = ledger;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var calls = Enumerable.Range(0, _samples).Select(i =>
        {
            var o = options?.Clone() ?? new ChatOptions();
            o.Seed = (o.Seed ?? 0) + i;
            return base.GetResponseAsync([.. list], o, cancellationToken);
        });
        var responses = await Task.WhenAll(calls);
        var input = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        _ledger.Record(input, [.. responses.Select(r => r.Text ?? "")]);
        return responses[0];
    }
}
