using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The reflection model behind a <see cref="LessonGate"/>: removes the lessons section from a request when the
/// gate decides so; requests without one pass through untouched.</summary>
internal sealed class LessonGateChatClient(IChatClient inner, LessonGate gate) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Gate(messages), options, cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Gate(messages), options, cancellationToken);

    private List<ChatMessage> Gate(IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var text = list[i].Text;
            if (!text.Contains(LessonRetriever.PromptHeading, StringComparison.Ordinal))
            {
                continue;
            }

            if (!gate.Decide(text))
            {
                list[i] = new ChatMessage(list[i].Role, LessonPrompt.RemoveLessons(text));
            }
        }

        return list;
    }
}
