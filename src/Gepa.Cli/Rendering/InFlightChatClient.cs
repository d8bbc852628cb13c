using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Rendering;

/// <summary>Counts a role's calls while they are in flight (queued behind the concurrency limit, retried or answered), so
/// that the live display can say what the run is waiting for.</summary>
/// <param name="inner">The role's pipeline.</param>
/// <param name="role">The role.</param>
/// <param name="activity">Where the calls are counted.</param>
internal sealed class InFlightChatClient(IChatClient inner, string role, ModelActivity activity) : DelegatingChatClient(inner)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        activity.Enter(role);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            activity.Exit(role);
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        activity.Enter(role);
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            activity.Exit(role);
        }
    }
}
