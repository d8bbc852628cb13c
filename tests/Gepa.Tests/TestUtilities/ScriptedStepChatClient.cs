using Microsoft.Extensions.AI;

namespace Gepa.Tests;

/// <summary>A chat client that answers by the step a call is tagged with (<see cref="ProgramStep.StepTagKey"/>), or by
/// the ambient <see cref="GepaTrace.CurrentStep"/>; a script may throw to simulate transport failures.</summary>
public sealed class ScriptedStepChatClient(Func<string?, IList<ChatMessage>, string> answer) : IChatClient
{
    private readonly FakeChatClient _inner = new((messages, options, _) =>
    {
        var step = options?.AdditionalProperties?.TryGetValue(ProgramStep.StepTagKey, out var tag) == true ? tag as string : GepaTrace.CurrentStep;
        return Task.FromResult(FakeChatClient.Response(answer(step, messages)));
    });

    /// <summary>Gets the calls made, in order.</summary>
    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls => _inner.Calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.GetResponseAsync(messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => _inner.Dispose();
}
