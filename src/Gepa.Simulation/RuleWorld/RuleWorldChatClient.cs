using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>What the <em>simulated</em> RuleWorld task and reflection clients share: an in-process
/// <see cref="IChatClient"/> answered by a <see cref="RuleWorld"/>, with a usage estimate of one token per four
/// characters. Chat options such as temperature are ignored because the simulation is deterministic. Thread-safe.</summary>
public abstract class RuleWorldChatClient : IChatClient
{
    private readonly ChatClientMetadata _metadata;
    private readonly string _modelId;

    /// <summary>Initializes a client over a world.</summary>
    /// <param name="world">The simulated world that answers.</param>
    /// <param name="modelId">The model id this client reports.</param>
    private protected RuleWorldChatClient(RuleWorld world, string modelId)
    {
        ArgumentNullException.ThrowIfNull(world);
        World = world;
        _modelId = modelId;
        _metadata = new(RuleWorldConstants.ProviderName, providerUri: null, defaultModelId: modelId);
    }

    /// <summary>Gets the world that answers.</summary>
    public RuleWorld World { get; }

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var reply = Reply(list);
        return Task.FromResult(RuleWorldChat.CreateResponse(reply, _modelId, RuleWorldChat.EstimateUsage(list, reply)));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        await foreach (var update in RuleWorldChat.ToSingleUpdate(response).WithCancellation(cancellationToken))
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        RuleWorldChat.GetService(this, _metadata, World, serviceType, serviceKey);

    /// <summary>Does nothing: the client holds no resources.</summary>
    public void Dispose()
    {
        GC.SuppressFinalize(this);
    }

    /// <summary>Answers the messages.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The reply text.</returns>
    private protected abstract string Reply(IReadOnlyCollection<ChatMessage> messages);
}
