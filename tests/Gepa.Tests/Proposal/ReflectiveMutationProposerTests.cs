using Gepa.Strategies;
using Gepa.Tests.Engine.Golden;

namespace Gepa.Tests.Proposal;

public sealed class ReflectiveMutationProposerTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];

    private static List<ToyExample> Examples(int n, int offset = 0) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], "instructions"))];

    private static async Task<(GepaResult Result, JitteredToyWorld World)> RunAsync(GepaOptions options, int jitterSeed)
    {
        var world = new JitteredToyWorld(jitterSeed);
        var result = await new GepaOptimizer<ToyExample>(world.Adapter, world.ReflectionClient, options)
            .OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(8), Examples(8, 2), TestContext.Current.CancellationToken);
        return (result, world);
    }

    public static TheoryData<string> Samplings() => ["same-parent", "independent", "pxn"];

    private static ISamplingStrategy Sampling(string name) => name switch
    {
        "same-parent" => new SameParentSampling(3),
        "independent" => new IndependentSampling(4),
        _ => new PxNSampling(2, 2),
    };

    [Theory]
    [MemberData(nameof(Samplings))]
    public async Task ProposeAsync_SeveralProposals_SameResultWhateverTheConcurrency(string sampling)
    {
        GepaOptions Options(int concurrency) => new()
        {
            MaxMetricCalls = 150,
            UseMerge = true,
            ProposalSampling = Sampling(sampling),
            MaxConcurrentProposals = concurrency,
            ReflectionRetryDelay = TimeSpan.Zero,
        };

        var (one, _) = await RunAsync(Options(1), jitterSeed: 1);
        var (all, _) = await RunAsync(Options(0), jitterSeed: 2);
        var (two, _) = await RunAsync(Options(2), jitterSeed: 3);

        Assert.True(one.NumCandidates > 2, $"only {one.NumCandidates} candidates");
        foreach (var other in new[] { all, two })
        {
            Assert.Equal(one.Candidates, other.Candidates);
            Assert.Equal(one.Parents.Select(p => string.Join(",", p)), other.Parents.Select(p => string.Join(",", p)));
            Assert.Equal(one.ValAggregateScores, other.ValAggregateScores);
            Assert.Equal(one.TotalMetricCalls, other.TotalMetricCalls);
            Assert.Equal(one.ProposalsTried, other.ProposalsTried);
        }
    }

    [Fact]
    public async Task ProposeAsync_IndependentFour_TriesFourProposalsPerReflectiveIteration()
    {
        var selected = new List<int>();
        var options = new GepaOptions { MaxMetricCalls = 400, ProposalSampling = new IndependentSampling(4), SkipPerfectScore = false, ReflectionRetryDelay = TimeSpan.Zero };
        options.Callbacks.OnCandidateSelected.Subscribe(a =>
        {
            selected.Add(a.Iteration);
            return ValueTask.CompletedTask;
        });

        var (result, _) = await RunAsync(options, jitterSeed: 4);

        Assert.All(selected.GroupBy(i => i), g => Assert.Equal(4, g.Count()));
        Assert.True(result.ProposalsTried > result.Iterations, $"{result.ProposalsTried} proposals in {result.Iterations} iterations");
    }

    [Fact]
    public async Task ProposeAsync_BestImprovement_AddsAtMostOneChildPerIteration()
    {
        var accepted = new List<int>();
        var options = new GepaOptions { MaxMetricCalls = 300, ProposalSampling = new PxNSampling(2, 2), ProposalSelection = new BestImprovement(), ReflectionRetryDelay = TimeSpan.Zero };
        options.Callbacks.OnCandidateAccepted.Subscribe(a =>
        {
            accepted.Add(a.Iteration);
            return ValueTask.CompletedTask;
        });

        var (result, _) = await RunAsync(options, jitterSeed: 5);

        Assert.NotEmpty(accepted);
        Assert.All(accepted.GroupBy(i => i), g => Assert.Single(g));
        Assert.Equal(result.NumCandidates - 1, accepted.Count);
    }

    public static TheoryData<int, BudgetPolicy> Seeds()
    {
        var data = new TheoryData<int, BudgetPolicy>();
        foreach (var policy in new[] { BudgetPolicy.Fixed, BudgetPolicy.Adaptive })
        {
            foreach (var seed in Enumerable.Range(0, 12))
            {
                data.Add(seed, policy);
            }
        }

        return data;
    }

    // Under the adaptive policy, seed 9 once failed: two children of one iteration, the first of which won its race and
    // spent what the second's validation was to get, left the second with no validation score at all.
    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ProposeAsync_StrictBudgetWithSeveralProposals_NeverSpendsMoreThanTheBudget(int seed, BudgetPolicy policy)
    {
        var r = new Random(seed);
        var options = new GepaOptions
        {
            Seed = seed,
            BudgetPolicy = policy,
            MinibatchSize = r.Next(1, 4),
            MaxMetricCalls = 30 + r.Next(0, 120),
            ProposalSampling = r.Next(3) switch { 0 => new SameParentSampling(r.Next(1, 4)), 1 => new IndependentSampling(r.Next(1, 5)), _ => new PxNSampling(r.Next(1, 3), r.Next(1, 3)) },
            ProposalSelection = r.Next(3) switch { 0 => new AllImprovements(), 1 => new BestImprovement(), _ => new TopKImprovements(2) },
            UseMerge = r.Next(2) == 0,
            CacheEvaluation = r.Next(2) == 0,
            ReflectionRetryDelay = TimeSpan.Zero,
        };

        var (result, _) = await RunAsync(options, jitterSeed: seed);

        Assert.True(result.TotalMetricCalls <= options.MaxMetricCalls, $"spent {result.TotalMetricCalls} of {options.MaxMetricCalls}");
        Assert.Equal(result.NumCandidates, result.Candidates.Distinct().Count());
    }

    [Fact]
    public async Task ProposeAsync_SingleMutationSamplingGivenExplicitly_IsTheDefaultRun()
    {
        var (implicitDefault, _) = await RunAsync(new GepaOptions { MaxMetricCalls = 120, UseMerge = true }, jitterSeed: 6);
        var (explicitDefault, _) = await RunAsync(new GepaOptions { MaxMetricCalls = 120, UseMerge = true, ProposalSampling = new SingleMutationSampling(), ProposalSelection = new AllImprovements() }, jitterSeed: 7);

        Assert.Equal(implicitDefault.Candidates, explicitDefault.Candidates);
        Assert.Equal(implicitDefault.TotalMetricCalls, explicitDefault.TotalMetricCalls);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, false)]
    public async Task ProposeAsync_SeveralProposals_ReflectBeforeTheSlowestParentIsScoredUnlessHeldBack(int maxConcurrentProposals, bool pipelined)
    {
        // Proposal 3's parent minibatch (the first iteration's fourth evaluation with traces: the parents' minibatches
        // start in task order) is held until some proposal starts its reflection, or 3 s pass. Without a barrier after
        // the parents' minibatches, proposal 0 reflects meanwhile; when MaxConcurrentProposals holds tasks back, the
        // proposals still run in two phases and the hold can only time out.
        var reflecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new GepaOptions
        {
            MaxMetricCalls = 200,
            MaxIterations = 2,
            ProposalSampling = new IndependentSampling(4),
            MaxConcurrentProposals = maxConcurrentProposals,
            SkipPerfectScore = false,
            ReflectionRetryDelay = TimeSpan.Zero,
        };
        options.Callbacks.OnProposalStart.Subscribe(_ =>
        {
            reflecting.TrySetResult();
            return ValueTask.CompletedTask;
        });
        var adapter = new HoldingAdapter(new ToyAdapter(false), holdCall: 4, reflecting.Task);

        var result = await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(8), Examples(8, 2), TestContext.Current.CancellationToken);

        Assert.True(result.ProposalsTried >= 4, $"{result.ProposalsTried} proposals");
        Assert.Equal(pipelined, !adapter.TimedOut);
    }

    /// <summary>The toy adapter, holding its n-th evaluation with traces until a task completes or 3 s pass.</summary>
    private sealed class HoldingAdapter(ToyAdapter toy, int holdCall, Task hold) : IGepaAdapter<ToyExample>
    {
        private int _traced;

        public bool TimedOut { get; private set; }

        public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
        {
            if (captureTraces && Interlocked.Increment(ref _traced) == holdCall)
            {
                try
                {
                    await hold.WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
                }
                catch (TimeoutException)
                {
                    TimedOut = true;
                }
            }

            return await toy.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);
        }

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken) =>
            toy.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
    }
}
