using Microsoft.Extensions.AI;

namespace Gepa.Orleans;

/// <summary>Wraps a worker's task model so that the tokens (and, with a price, the cost) of each call are charged to
/// the rollout batch that made it: <see cref="AdapterRolloutFunction{TExample}"/> opens a scope per batch and reports
/// the scope's sums in <see cref="RolloutBatchResult"/>. Concurrent batches on one silo share the client; the scope
/// flows with the batch's async calls, so their usage does not mix.</summary>
public sealed class RolloutUsageChatClient : DelegatingChatClient
{
    private readonly ModelPrice? _price;

    /// <summary>Initializes a client.</summary>
    /// <param name="innerClient">The task model.</param>
    /// <param name="price">The model's price, or <see langword="null"/> when unknown (tokens are still counted).</param>
    public RolloutUsageChatClient(IChatClient innerClient, ModelPrice? price = null)
        : base(innerClient)
    {
        _price = price;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        RolloutUsageScope.Charge(response.Usage, _price);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        UsageDetails? usage = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var u in update.Contents.OfType<UsageContent>())
            {
                (usage ??= new UsageDetails()).Add(u.Details);
            }

            yield return update;
        }

        RolloutUsageScope.Charge(usage, _price);
    }
}
