using Microsoft.Extensions.AI;

namespace Gepa.Tests.Simulation;

/// <summary>A hand-written chat client fake: every call goes to a callback.</summary>
internal sealed class FakeChatClient(Func<IEnumerable<ChatMessage>, CancellationToken, Task<ChatResponse>> respond) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        respond(messages, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
