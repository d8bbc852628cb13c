using Microsoft.Extensions.AI;

namespace Gepa.Memory.Tests;

/// <summary>A task model whose reply depends on the request's seed: replies[seed % replies.Length]; counts its calls.</summary>
internal sealed class SeededChatClient(params string[] replies) : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var seed = (int)(options?.Seed ?? 0);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, replies[seed % replies.Length])));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
