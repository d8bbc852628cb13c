using Gepa.Tests.Engine.Golden;

// Not Gepa.Tests.Evaluation: a namespace of that name would hide the Gepa.Evaluation type from every test.
namespace Gepa.Tests.Rollouts;

public sealed class RolloutEvaluatorTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];

    private static List<ToyExample> Examples(int n, int offset = 0) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], "instructions"))];

    private static Task<GepaResult> RunAsync(GepaOptimizer<ToyExample> optimizer) =>
        optimizer.OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Evaluate_ThroughACustomExecutor_SameRunAndEveryRolloutKeyedOnceAndPaidOnce()
    {
        var options = new GepaOptions { MaxMetricCalls = 80, UseMerge = true };
        var adapter = new ToyAdapter(false);
        var executor = new RecordingExecutor(new LocalRolloutExecutor<ToyExample>(adapter));

        var local = await RunAsync(new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), options));
        var remote = await RunAsync(new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options, executor));

        Assert.Equal(local.Candidates, remote.Candidates);
        Assert.Equal(local.TotalMetricCalls, remote.TotalMetricCalls);
        var keys = executor.Requests.SelectMany(r => r.Keys).ToList();
        Assert.Equal(remote.TotalMetricCalls, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(executor.Requests, r => Assert.Equal(r.Examples.Select(e => e.Id), r.Keys.Select(k => k.ExampleId)));
        Assert.All(executor.Requests, r => Assert.All(r.Keys, k => Assert.Equal(r.Candidate.ContentHash, k.CandidateHash)));
        Assert.Contains(keys, k => k is { Stage: "seed", Iteration: 0, Split: "val" });
        Assert.Contains(keys, k => k is { Stage: "minibatch", Split: "train" });
        Assert.Contains(keys, k => k is { Stage: "validation", Split: "val" });
    }

    [Fact]
    public async Task Evaluate_SameExampleTwiceInOneIteration_GetsTheNextRepeat()
    {
        // Without the cache, a parent re-evaluated on its own minibatch in the same stage is a second rollout.
        var options = new GepaOptions { MaxMetricCalls = 120, ProposalSampling = new Gepa.Strategies.SameParentSampling(3), MinibatchSize = 6 };
        var executor = new RecordingExecutor(new LocalRolloutExecutor<ToyExample>(new ToyAdapter(false)));

        await RunAsync(new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), options, executor));

        var keys = executor.Requests.SelectMany(r => r.Keys).ToList();
        Assert.Contains(keys, k => k.Repeat > 0);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    private static readonly Candidate Seed = Candidate.FromText("instructions", "start");

    /// <summary>Options that stop the run right after the seed's evaluation, so what it cost is all there is.</summary>
    private static GepaOptions SeedOnly(PriorEvaluation? prior, bool cache = false)
    {
        var options = new GepaOptions { MaxMetricCalls = 100, PriorSeedEvaluation = prior, CacheEvaluation = cache };
        options.StopConditions.Add(new StopAtOnce());
        return options;
    }

    private static Task<GepaResult> RunSeedAsync(GepaOptions options, ToyAdapter adapter) =>
        new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Seed, Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

    [Fact]
    public async Task EvaluateSeed_PriorCoversAPrefix_EvaluatesAndChargesOnlyTheRest()
    {
        // The toy adapter scores "start" 0 everywhere: the prior's 1 and 0.5 can only come from the prior.
        var adapter = new ToyAdapter(false);
        var prior = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch([1.0, 0.5]) };

        var result = await RunSeedAsync(SeedOnly(prior), adapter);

        var call = Assert.Single(adapter.Calls);
        Assert.Equal([2, 3, 4, 5], call.Ids);
        Assert.Equal(4, result.TotalMetricCalls);
        Assert.Equal(1, result.NumFullValEvals);
        Assert.Equal(new Dictionary<int, double> { [0] = 1.0, [1] = 0.5, [2] = 0, [3] = 0, [4] = 0, [5] = 0 }, result.ValSubscores[0]);
        Assert.Equal(1.5 / 6, result.ValAggregateScores[0], 12);
    }

    [Fact]
    public async Task EvaluateSeed_PriorCoversEverything_NoSeedRolloutAtAll()
    {
        var adapter = new ToyAdapter(false);
        double[] given = [1, 0, 1, 0, 1, 0];
        var prior = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch(given) };
        var evaluated = new List<IReadOnlyDictionary<int, double>>();
        var options = SeedOnly(prior);
        options.Callbacks.OnValsetEvaluated.Subscribe(a =>
        {
            evaluated.Add(a.Scores);
            return ValueTask.CompletedTask;
        });

        var result = await RunSeedAsync(options, adapter);

        Assert.Empty(adapter.Calls);
        Assert.Equal(0, result.TotalMetricCalls);
        Assert.Equal(given, result.ValSubscores[0].OrderBy(kv => kv.Key).Select(kv => kv.Value));
        Assert.Equal(given, Assert.Single(evaluated).OrderBy(kv => kv.Key).Select(kv => kv.Value));
    }

    [Fact]
    public async Task EvaluateSeed_EmptyPrior_EvaluatesTheWholeValsetAsWithout()
    {
        var adapter = new ToyAdapter(false);

        var result = await RunSeedAsync(SeedOnly(new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch([]) }), adapter);

        Assert.Equal([0, 1, 2, 3, 4, 5], Assert.Single(adapter.Calls).Ids);
        Assert.Equal(6, result.TotalMetricCalls);
    }

    [Fact]
    public async Task EvaluateSeed_PriorOfAnotherCandidate_RefusedNamingTheOptionBeforeAnyCall()
    {
        var adapter = new ToyAdapter(false);
        var prior = new PriorEvaluation { Candidate = Candidate.FromText("instructions", "something else"), Batch = new EvaluationBatch([1.0]) };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => RunSeedAsync(SeedOnly(prior), adapter));

        Assert.Equal(nameof(GepaOptions.PriorSeedEvaluation), e.ParamName);
        Assert.Contains("another candidate", e.Message, StringComparison.Ordinal);
        Assert.Empty(adapter.Calls);
    }

    [Fact]
    public async Task EvaluateSeed_PriorLongerThanTheValset_RefusedNamingTheOption()
    {
        var adapter = new ToyAdapter(false);
        var prior = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch(new double[7]) };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => RunSeedAsync(SeedOnly(prior), adapter));

        Assert.Equal(nameof(GepaOptions.PriorSeedEvaluation), e.ParamName);
        Assert.Contains("at most one per validation example (6)", e.Message, StringComparison.Ordinal);
        Assert.Empty(adapter.Calls);
    }

    [Fact]
    public async Task EvaluateSeed_WithTheCache_CachesThePriorAndTheFreshResults()
    {
        GepaCheckpoint? checkpoint = null;
        var options = SeedOnly(new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch([1.0, 0.5]) }, cache: true);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            checkpoint = cp;
            return ValueTask.CompletedTask;
        });

        await RunSeedAsync(options, new ToyAdapter(false));

        var entries = checkpoint!.Cache!.Where(e => e.Hash == Seed.ContentHash && e.Split == "val").OrderBy(e => e.Id).ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], entries.Select(e => e.Id));
        Assert.Equal([1.0, 0.5, 0, 0, 0, 0], entries.Select(e => e.Score));
    }

    [Fact]
    public async Task EvaluateSeed_PriorWithTraces_TheyDoNotStandInForTheSeedsMinibatchTraces()
    {
        // Validating on the trainset, the seed's cached validation entries are minibatch entries too: had the prior's
        // traces been cached, the seed's first minibatch would be a cache hit and reflection would read them.
        var adapter = new ToyAdapter(false);
        var train = Examples(6);
        var traces = train.Select(e => (object?)new ToyTrace(e, "from the prior", e.Slot)).ToList();
        var options = new GepaOptions
        {
            MaxMetricCalls = 100,
            CacheEvaluation = true,
            PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch(new double[6], traces: traces) },
        };
        options.StopConditions.Add(StopConditions.MaxProposals(1));

        await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Seed, train, null, TestContext.Current.CancellationToken);

        Assert.Contains(adapter.Calls, c => c.Candidate.Equals(Seed) && c.CaptureTraces);
    }

    [Fact]
    public async Task EvaluateSeed_PriorWithoutObjectivesAndAdapterWithThem_SeedHasNoObjectivesAndTheRunGoesOn()
    {
        var adapter = new ToyAdapter(objectiveScores: true);
        var options = new GepaOptions { MaxMetricCalls = 60, PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch([0.0, 0.0]) } };

        var result = await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Seed, Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

        Assert.True(result.NumCandidates > 1);
        Assert.Empty(result.ValAggregateSubscores![0]);
        Assert.Contains("hit", result.ValAggregateSubscores[1].Keys);
    }

    [Fact]
    public async Task EvaluateSeed_PriorAndAdapterWithObjectives_SeedKeepsBoth()
    {
        var adapter = new ToyAdapter(objectiveScores: true);
        IReadOnlyDictionary<string, double> given = new Dictionary<string, double> { ["hit"] = 1.0, ["brevity"] = 0.5 };
        var prior = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch([1.0, 1.0], objectiveScores: [given, given]) };

        var result = await RunSeedAsync(SeedOnly(prior), adapter);

        // hit: 1, 1 from the prior and 0 on the four fresh examples.
        Assert.Equal(2.0 / 6, result.ValAggregateSubscores![0]["hit"], 12);
    }

    [Fact]
    public async Task Optimize_WithAPrior_EveryChargedRolloutIsOneTheAdapterMade()
    {
        var adapter = new ToyAdapter(false);
        var budgets = new List<BudgetUpdatedArgs>();
        var options = new GepaOptions { MaxMetricCalls = 60, PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch([0.0, 0.0, 0.0]) } };
        options.Callbacks.OnBudgetUpdated.Subscribe(a =>
        {
            budgets.Add(a);
            return ValueTask.CompletedTask;
        });

        var result = await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Seed, Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

        Assert.Equal(adapter.Calls.Sum(c => c.Ids.Length), result.TotalMetricCalls);
        Assert.Equal(3, budgets[0].Used - budgets[0].Delta); // the seed's three fresh rollouts, before the first proposal
        Assert.True(result.TotalMetricCalls <= 60);
        Assert.Equal(GepaStopReason.BudgetExhausted, result.StopReason);
    }

    private sealed class StopAtOnce : IStopCondition
    {
        public string? ShouldStop(in StopContext context) => "stopped after the seed";
    }

    private sealed class RecordingExecutor(IRolloutExecutor<ToyExample> inner) : IRolloutExecutor<ToyExample>
    {
        public List<RolloutRequest<ToyExample>> Requests { get; } = [];

        public Task<IReadOnlyList<RolloutOutcome>> ExecuteAsync(IReadOnlyList<RolloutRequest<ToyExample>> requests, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.AddRange(requests);
            }

            return inner.ExecuteAsync(requests, cancellationToken);
        }
    }
}
