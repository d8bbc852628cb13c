using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>The <em>simulated</em> RuleWorld reflection model as an <see cref="IChatClient"/> (model id <c>rule-world-reflect</c>).</summary>
/// <remarks>Answers in process with <see cref="RuleWorld.ReflectReply(IEnumerable{ChatMessage})"/>: the prompt is every
/// message's content, whatever its role, joined by a line feed.</remarks>
public sealed class RuleWorldReflectionChatClient : RuleWorldChatClient
{
    /// <summary>Initializes a reflection-model client over a world.</summary>
    /// <param name="world">The simulated world that answers.</param>
    public RuleWorldReflectionChatClient(RuleWorld world)
        : base(world, RuleWorldConstants.ReflectionModelId)
    {
    }

    private protected override string Reply(IReadOnlyCollection<ChatMessage> messages) => World.ReflectReply(messages);
}
