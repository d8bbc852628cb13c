using Microsoft.Extensions.AI;

namespace Gepa.Tests.Engine;

/// <summary>A chat client whose answer is a callback, for engine tests.</summary>
public sealed class CallbackChatClient(Func<IEnumerable<ChatMessage>, CancellationToken, Task<ChatResponse>> respond) : IChatClient
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
