using System.ClientModel;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Gepa.Orleans.Cli;

/// <summary>The one world a worker can serve without user code today: RuleWorld, a <em>simulation</em> (scripted
/// models, no API key, deterministic), so that a cluster can be tried, tested and measured on one machine. Every silo
/// builds the same world, data and settings from the same options, which is what makes a cluster run equal a local one.</summary>
internal sealed class SimulatedRuleWorld
{
    public const string Function = "ruleworld";
    public const string Definition = "ruleworld";

    private readonly Func<IChatClient> _taskModel;

    /// <param name="modules">RuleWorld's modules.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="budget">The run's rollout budget.</param>
    /// <param name="taskUrl">An OpenAI-compatible server answering as RuleWorld's task model (<c>gepa sim serve</c>),
    /// or <see langword="null"/> for the in-process simulated model.</param>
    public SimulatedRuleWorld(int modules, int seed, int budget, Uri? taskUrl = null)
    {
        World = new RuleWorld(new RuleWorldOptions { Modules = modules });
        Seed = seed;
        Budget = budget;
        TaskUrl = taskUrl;
        _taskModel = taskUrl is null
            ? () => new RuleWorldTaskChatClient(World)
            : () => new OpenAIClient(new ApiKeyCredential(ApiKey()), new OpenAIClientOptions { Endpoint = taskUrl, NetworkTimeout = TimeSpan.FromMinutes(2) })
                .GetChatClient(RuleWorldConstants.TaskModelId).AsIChatClient();
    }

    public Uri? TaskUrl { get; }

    public RuleWorld World { get; }

    public int Seed { get; }

    public int Budget { get; }

    public GepaOptions Options() => new()
    {
        Seed = Seed,
        MaxMetricCalls = Budget,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    /// <summary>The coordinator's adapter: it only builds reflective datasets and reads results (no model calls).</summary>
    public RuleWorldAdapter Adapter() => new(World, new RuleWorldTaskChatClient(World), 1);

    public GepaRunDefinition<RuleWorldExample> RunDefinition(ClusterRolloutOptions dispatch) => new(
        Function, Adapter(), new RuleWorldReflectionChatClient(World), Options, World.SeedCandidate(), World.Trainset, World.Valset, dispatch);

    public IRolloutFunction RolloutFunction(TimeSpan latencyPerRollout)
    {
        // The worker's own task model, wrapped so that each batch reports the tokens it spent.
        var adapter = new RuleWorldAdapter(World, new RolloutUsageChatClient(_taskModel()), 1);
        var function = new AdapterRolloutFunction<RuleWorldExample>(adapter, World.Trainset, World.Valset);
        return latencyPerRollout > TimeSpan.Zero ? new DelayedRolloutFunction(function, latencyPerRollout) : function;
    }

    /// <summary>The key comes from the worker's own environment; it never travels in messages or lands in storage.
    /// The simulation accepts any key.</summary>
    private static string ApiKey() => Environment.GetEnvironmentVariable("GEPA_TASK_API_KEY") ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "unused";

    /// <summary>The same run on this machine alone, for comparison.</summary>
    public async Task<GepaRunSummary> RunLocallyAsync(CancellationToken cancellationToken)
    {
        var result = await new GepaOptimizer<RuleWorldExample>(Adapter(), new RuleWorldReflectionChatClient(World), Options())
            .OptimizeAsync(World.SeedCandidate(), World.Trainset, World.Valset, cancellationToken);
        return GepaRunSummary.From(result);
    }
}
