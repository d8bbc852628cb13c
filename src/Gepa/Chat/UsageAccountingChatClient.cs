using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A chat-client stage that records each call's token usage and cost under a model role.</summary>
/// <remarks>Place it outside the retry stage to count one call per logical request, and inside the response cache so
/// that cached answers, which cost nothing, are not counted.</remarks>
public sealed class UsageAccountingChatClient : DelegatingChatClient
{
    private readonly ChatUsageTracker _tracker;
    private readonly ModelPrice? _price;

    /// <summary>Initializes a new usage-accounting stage.</summary>
    /// <param name="innerClient">The client whose calls are counted.</param>
    /// <param name="tracker">Where the counts go.</param>
    /// <param name="role">The role the calls are counted under.</param>
    /// <param name="price">The model's price, or <see langword="null"/> when unknown.</param>
    public UsageAccountingChatClient(IChatClient innerClient, ChatUsageTracker tracker, string role, ModelPrice? price = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentException.ThrowIfNullOrEmpty(role);
        _tracker = tracker;
        Role = role;
        _price = price;
    }

    /// <summary>Gets the role the calls are counted under.</summary>
    public string Role { get; }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _tracker.RecordFailure(Role);
            throw;
        }

        _tracker.RecordCall(Role, response.Usage, _price);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        UsageDetails? usage = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var content in update.Contents)
            {
                if (content is UsageContent u)
                {
                    (usage ??= new UsageDetails()).Add(u.Details);
                }
            }

            yield return update;
        }

        _tracker.RecordCall(Role, usage, _price);
    }
}
