using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Attaches the images a reflection prompt names (see <see cref="ReflectionImages"/>) to the request as
/// <see cref="DataContent"/>, so that a vision-capable reflection model sees them; a prompt without markers passes
/// through unchanged.</summary>
internal sealed class ReflectionImageChatClient(IChatClient inner, ReflectionImages images) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Attach(messages), options, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Attach(messages), options, cancellationToken);

    private List<ChatMessage> Attach(IEnumerable<ChatMessage> messages)
    {
        var list = new List<ChatMessage>();
        foreach (var message in messages)
        {
            var found = message.Role == ChatRole.User ? images.In(message.Text) : [];
            if (found.Count == 0)
            {
                list.Add(message);
                continue;
            }

            var copy = message.Clone();
            copy.Contents = [.. message.Contents, .. found];
            list.Add(copy);
        }

        return list;
    }
}
