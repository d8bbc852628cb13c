using Microsoft.Extensions.AI;

namespace Gepa.Tests;

/// <summary>A hand-written <see cref="IChatClient"/> for tests: answers through a settable callback and records every call.</summary>
public sealed class FakeChatClient : IChatClient
{
    private readonly Lock _gate = new();
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];

    public FakeChatClient()
    {
    }

    public FakeChatClient(Func<IList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> onGetResponse) =>
        OnGetResponse = onGetResponse;

    /// <summary>Gets or sets the callback that produces each response; the default throws so that an unexpected call fails the test.</summary>
    public Func<IList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> OnGetResponse { get; set; } =
        (_, _, _) => throw new InvalidOperationException("FakeChatClient.OnGetResponse was not set.");

    /// <summary>Gets a snapshot of the calls made so far, in the order they started: the messages (copied) and the options instance passed.</summary>
    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Creates a client that answers every call with <paramref name="reply"/>.</summary>
    public static FakeChatClient Replying(string reply, ChatFinishReason? finishReason = null) =>
        new((_, _, _) => Task.FromResult(Response(reply, finishReason)));

    /// <summary>Creates an assistant response with the given text and finish reason.</summary>
    public static ChatResponse Response(string reply, ChatFinishReason? finishReason = null) =>
        new(new ChatMessage(ChatRole.Assistant, reply)) { FinishReason = finishReason ?? ChatFinishReason.Stop };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (_gate)
        {
            _calls.Add((list, options));
        }

        return OnGetResponse(list, options, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
