using Gepa.Simulation;

namespace Gepa.Orleans.Cli;

/// <summary>The one world a worker can serve without user code today: RuleWorld, a <em>simulation</em> (scripted
/// models, no API key, deterministic), so that a cluster can be tried, tested and measured on one machine. Every silo
/// builds the same world, data and settings from the same options, which is what makes a cluster run equal a local one.</summary>
internal sealed class SimulatedRuleWorld
{
    public const string Function = "ruleworld";
    public const string Definition = "ruleworld";

    public SimulatedRuleWorld(int modules, int seed, int budget)
    {
        World = new RuleWorld(new RuleWorldOptions { Modules = modules });
        Seed = seed;
        Budget = budget;
    }

    public RuleWorld World { get; }

    public int Seed { get; }

    public int Budget { get; }

    public GepaOptions Options() => new()
    {
        Seed = Seed,
        MaxMetricCalls = Budget,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    public RuleWorldAdapter Adapter() => new(World, new RuleWorldTaskChatClient(World), 1);

    public GepaRunDefinition<RuleWorldExample> RunDefinition(ClusterRolloutOptions dispatch) => new(
        Function, Adapter(), new RuleWorldReflectionChatClient(World), Options, World.SeedCandidate(), World.Trainset, World.Valset, dispatch);

    public IRolloutFunction RolloutFunction(TimeSpan latencyPerRollout)
    {
        var function = new AdapterRolloutFunction<RuleWorldExample>(Adapter(), World.Trainset, World.Valset);
        return latencyPerRollout > TimeSpan.Zero ? new DelayedRolloutFunction(function, latencyPerRollout) : function;
    }

    /// <summary>The same run on this machine alone, for comparison.</summary>
    public async Task<GepaRunSummary> RunLocallyAsync(CancellationToken cancellationToken)
    {
        var result = await new GepaOptimizer<RuleWorldExample>(Adapter(), new RuleWorldReflectionChatClient(World), Options())
            .OptimizeAsync(World.SeedCandidate(), World.Trainset, World.Valset, cancellationToken);
        return GepaRunSummary.From(result);
    }
}
