using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Gepa.AgentFramework;

/// <summary>Chat middleware that makes an agent's instructions a GEPA component: inside a rollout
/// (<see cref="GepaTrace.Current"/>), every model call gets the candidate's text for <see cref="Component"/> as its
/// instructions (in place of the agent's own) and is tagged as a call of that step, so that a
/// <see cref="GepaTracingChatClient"/> below records it into the rollout's trace.</summary>
/// <remarks>Outside a rollout, or when the candidate has no text for the component, the call passes unchanged. Errors
/// are not caught: a transport failure reaches the agent (and the program adapter) as it was.</remarks>
public sealed class GepaAgentChatClient : DelegatingChatClient
{
    /// <summary>Initializes the middleware.</summary>
    /// <param name="innerClient">The client below (it should record: see <see cref="GepaAgentExtensions.AsGepaAgent"/>).</param>
    /// <param name="component">The component whose text becomes the instructions.</param>
    public GepaAgentChatClient(IChatClient innerClient, string component)
        : base(innerClient)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        Component = component;
    }

    /// <summary>Gets the component whose text becomes the instructions.</summary>
    public string Component { get; }

    /// <inheritdoc/>
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, Swap(options), cancellationToken);

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, Swap(options), cancellationToken))
        {
            yield return update;
        }
    }

    // A copy, never the caller's options: the agent reuses its own ChatOptions across runs and rollouts run in parallel.
    private ChatOptions? Swap(ChatOptions? options)
    {
        if (GepaTrace.Current is not { } context || context.Candidate is not { } candidate || !candidate.TryGetValue(Component, out var text))
        {
            return options;
        }

        var swapped = options?.Clone() ?? new ChatOptions();
        swapped.Instructions = text;
        swapped.AdditionalProperties = swapped.AdditionalProperties is { } props ? new AdditionalPropertiesDictionary(props) : [];
        swapped.AdditionalProperties[ProgramStep.StepTagKey] = Component;
        return swapped;
    }
}
