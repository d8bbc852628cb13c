using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>The <em>simulated</em> RuleWorld reflection model as an <see cref="IChatClient"/> (model id <c>rule-world-reflect</c>).</summary>
/// <remarks>Answers in process with <see cref="RuleWorld.ReflectReply(IEnumerable{ChatMessage})"/>: the prompt is every
/// message's content, whatever its role, joined by a line feed. Chat options such as temperature are ignored because
/// the simulation is deterministic. Usage is an estimate of one token per four characters. Thread-safe.</remarks>
public sealed class RuleWorldReflectionChatClient : IChatClient
{
    private readonly RuleWorld _world;
    private readonly ChatClientMetadata _metadata =
        new(RuleWorldConstants.ProviderName, providerUri: null, defaultModelId: RuleWorldConstants.ReflectionModelId);

    /// <summary>Initializes a reflection-model client over a world.</summary>
    /// <param name="world">The simulated world that answers.</param>
    public RuleWorldReflectionChatClient(RuleWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        _world = world;
    }

    /// <summary>Gets the world that answers.</summary>
    public RuleWorld World => _world;

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var reply = _world.ReflectReply(list);
        return Task.FromResult(RuleWorldChat.CreateResponse(reply, RuleWorldConstants.ReflectionModelId, RuleWorldChat.EstimateUsage(list, reply)));
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
        RuleWorldChat.GetService(this, _metadata, _world, serviceType, serviceKey);

    /// <summary>Does nothing: the client holds no resources.</summary>
    public void Dispose()
    {
    }
}
