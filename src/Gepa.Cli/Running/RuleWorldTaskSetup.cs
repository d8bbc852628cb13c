using Gepa.Cli.Configuration;
using Gepa.Simulation;

namespace Gepa.Cli.Running;

/// <summary>The task setup of <c>task: rule-world</c>: the <em>simulated</em> RuleWorld's own train/val/test splits,
/// scored by its pipeline adapter over the run's task model (the in-process <c>rule-world</c> provider, or any
/// OpenAI-compatible client of <c>gepa sim serve</c>).</summary>
internal sealed class RuleWorldTaskSetup : ITaskSetup
{
    /// <summary>Gets the shared instance; it holds no state.</summary>
    public static RuleWorldTaskSetup Instance { get; } = new();

    /// <inheritdoc/>
    public Task<PreparedTask> PrepareAsync(GepaRunConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var world = new RuleWorld(config.World ?? new RuleWorldOptions());
        PreparedTask task = new PreparedTask<RuleWorldExample>(
            world.Trainset,
            world.Valset,
            world.Testset,
            clients => new RuleWorldAdapter(world, clients.Task),
            e => new ExampleText(e.Id, e.Input, e.Answer));
        return Task.FromResult(task);
    }
}
