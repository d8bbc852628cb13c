using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Gepa.AgentFramework;

/// <summary>Builds Microsoft Agent Framework agents whose instructions GEPA optimizes.</summary>
public static class GepaAgentExtensions
{
    /// <summary>Adds the GEPA middleware for one agent step to a chat client pipeline: the candidate's text for
    /// <paramref name="component"/> replaces the instructions inside a rollout, and every model call is recorded as a call
    /// of that step.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="component">The step (component) name.</param>
    /// <returns>The pipeline.</returns>
    public static ChatClientBuilder UseGepaAgentStep(this ChatClientBuilder builder, string component)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        return builder.Use(inner => new GepaAgentChatClient(new GepaTracingChatClient(inner), component));
    }

    /// <summary>Creates a <see cref="ChatClientAgent"/> for a program step: its seed instructions are the step's, the
    /// candidate's text replaces them inside a rollout, and its model calls (each turn of a tool loop too) are recorded
    /// into the rollout's trace as calls of the step.</summary>
    /// <param name="client">The model.</param>
    /// <param name="step">The step, declared in the program with <c>AddExternalStep(name, seedInstructions)</c>.</param>
    /// <param name="options">The agent's options (tools, name, chat options); its instructions are set to the step's
    /// seed. Not modified.</param>
    /// <returns>The agent.</returns>
    public static ChatClientAgent AsGepaAgent(this IChatClient client, ExternalStep step, ChatClientAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(step);
        var agentOptions = options?.Clone() ?? new ChatClientAgentOptions();
        agentOptions.Name ??= step.Name;
        agentOptions.ChatOptions = agentOptions.ChatOptions?.Clone() ?? new ChatOptions();
        agentOptions.ChatOptions.Instructions = step.Instruction;
        return new ChatClientAgent(client.AsBuilder().UseGepaAgentStep(step.Name).Build(), agentOptions);
    }
}
