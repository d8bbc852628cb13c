using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>The <em>simulated</em> RuleWorld task model as an <see cref="IChatClient"/> (model id <c>rule-world-task</c>).</summary>
/// <remarks>Answers in process with <see cref="RuleWorld.TaskReply(IEnumerable{ChatMessage})"/>.</remarks>
public sealed class RuleWorldTaskChatClient : RuleWorldChatClient
{
    /// <summary>Initializes a task-model client over a world.</summary>
    /// <param name="world">The simulated world that answers.</param>
    public RuleWorldTaskChatClient(RuleWorld world)
        : base(world, RuleWorldConstants.TaskModelId)
    {
    }

    private protected override string Reply(IReadOnlyCollection<ChatMessage> messages) => World.TaskReply(messages);
}
