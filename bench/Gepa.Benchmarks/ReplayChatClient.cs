using Microsoft.Extensions.AI;

namespace Gepa.Benchmarks;

/// <summary>Records the reflection model's replies by prompt, then replays them, so the replayed run pays no simulated
/// reflection either.</summary>
internal sealed class ReplayChatClient(IChatClient inner) : IChatClient
{
    private readonly Dictionary<string, ChatResponse> _replies = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool Recording { get; set; } = true;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var key = string.Join("\u0001", list.Select(m => m.Role.Value + "\u0002" + m.Text));
        if (Recording)
        {
            var response = await inner.GetResponseAsync(list, options, cancellationToken);
            lock (_gate)
            {
                _replies[key] = response;
            }

            return response;
        }

        lock (_gate)
        {
            return _replies.TryGetValue(key, out var reply)
                ? reply
                : throw new InvalidOperationException("The replay met a reflection prompt the recording never saw: the run diverged.");
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The benchmark replays whole replies only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose() => inner.Dispose();
}
