using Gepa.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>The simulated RuleWorld served by an in-process 3-silo TestCluster: every silo is a worker (with a small
/// per-rollout latency, so a run lasts long enough to lose a silo in the middle) and a coordinator.</summary>
internal static class ClusterWorld
{
    public const string Function = "ruleworld";
    public const string Definition = "ruleworld-run";
    public const int Budget = 300;
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(4);
    public static readonly ProviderLimit ProbeLimit = new(100, 10);
    public static readonly RuleWorld World = new(new RuleWorldOptions { Modules = 2 });

    public static GepaOptions Options() => new()
    {
        Seed = 3,
        MaxMetricCalls = Budget,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    public static RuleWorldAdapter Adapter() => new(World, new RuleWorldTaskChatClient(World), 1);

    public static async Task<GepaRunSummary> LocalRunAsync(CancellationToken ct)
    {
        var result = await new GepaOptimizer<RuleWorldExample>(Adapter(), new RuleWorldReflectionChatClient(World), Options())
            .OptimizeAsync(World.SeedCandidate(), World.Trainset, World.Valset, ct);
        return GepaRunSummary.From(result);
    }

    public static async Task<TestCluster> StartAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Configurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static GepaWorker WorkerOf(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<GepaWorker>();

    public static void AssertSameRun(GepaRunSummary expected, GepaRunSummary actual)
    {
        Assert.Equal(expected.Candidates.Count, actual.Candidates.Count);
        for (var i = 0; i < expected.Candidates.Count; i++)
        {
            Assert.Equal(expected.Candidates[i].OrderBy(kv => kv.Key, StringComparer.Ordinal), actual.Candidates[i].OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }

        Assert.Equal(expected.ValAggregateScores, actual.ValAggregateScores);
        Assert.Equal(expected.Parents.Select(p => string.Join(",", p)), actual.Parents.Select(p => string.Join(",", p)));
        Assert.Equal(expected.BestIndex, actual.BestIndex);
        Assert.Equal(expected.TotalMetricCalls, actual.TotalMetricCalls);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.StopReason, actual.StopReason);
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        // A poll to a silo that just died must fail fast, not wait the default 30 s.
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(2));
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                // Declare a killed silo dead in about a second instead of the default 12-14 s.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
            });
            siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(GepaClusterConstants.StorageName, (sp, _) => new SharedGrainStorage(sp.GetRequiredService<Serializer>()));
            siloBuilder.AddGepaWorker(w =>
            {
                w.AddFunction(Function, new SlowRolloutFunction(new AdapterRolloutFunction<RuleWorldExample>(Adapter(), World.Trainset, World.Valset), Latency));
                w.AddFunction(QuotaProbeFunction.Name, sp => new QuotaProbeFunction(sp.GetRequiredService<ClusterRateLimiter>()));
                w.ProviderLimits[QuotaProbeFunction.Provider] = ProbeLimit;
            });
            siloBuilder.AddGepaCoordinator(c => c.AddDefinition(Definition, new GepaRunDefinition<RuleWorldExample>(
                Function, Adapter(), new RuleWorldReflectionChatClient(World), Options, World.SeedCandidate(), World.Trainset, World.Valset,
                new ClusterRolloutOptions { MaxConcurrentRollouts = 10, BatchSize = 2, RetryBackoff = TimeSpan.FromMilliseconds(50) })));
        }
    }
}
