using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>The <em>simulated</em> multi-hop task model (<c>multihop-task-sim</c>) or reflection model
/// (<c>multihop-reflect-sim</c>) as an in-process <see cref="IChatClient"/>. Deterministic; chat options are ignored;
/// usage is estimated at one token per four characters.</summary>
public sealed class MultiHopChatClient : IChatClient
{
    private readonly MultiHopSimulation _simulation;
    private readonly bool _reflection;
    private readonly ChatClientMetadata _metadata;

    private MultiHopChatClient(MultiHopSimulation simulation, bool reflection)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        _reflection = reflection;
        ModelId = reflection ? MultiHopSimulationConstants.ReflectionModelId : MultiHopSimulationConstants.TaskModelId;
        _metadata = new("multihop-sim", providerUri: null, defaultModelId: ModelId);
    }

    /// <summary>Gets the model id this client reports.</summary>
    public string ModelId { get; }

    /// <summary>Creates the simulated task model.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <returns>The client.</returns>
    public static MultiHopChatClient Task(MultiHopSimulation simulation) => new(simulation, reflection: false);

    /// <summary>Creates the simulated reflection model.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <returns>The client.</returns>
    public static MultiHopChatClient Reflection(MultiHopSimulation simulation) => new(simulation, reflection: true);

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IReadOnlyCollection<ChatMessage> ?? [.. messages];
        var reply = _reflection ? _simulation.ReflectReply(list) : _simulation.TaskReply(list);
        return System.Threading.Tasks.Task.FromResult(RuleWorldChat.CreateResponse(reply, ModelId, RuleWorldChat.EstimateUsage(list, reply)));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Does nothing: the client holds no resources.</summary>
    public void Dispose()
    {
    }
}
