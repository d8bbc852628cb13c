using Gepa.Simulation;
using Gepa.Strategies;

namespace Gepa.Tests.Selection;

/// <summary>The adaptive bandit's credit on RuleWorld runs (simulated, two modules) that make several proposals per
/// iteration: once per proposal, each with its own component and gain, whatever order the proposals finish in.</summary>
public sealed class BanditComponentSelectorTests
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });

    private sealed record Run(GepaResult Result, Dictionary<string, BanditArm> Arms, List<string> Rewritten);

    private static async Task<Run> RunAsync(int concurrency, int jitterSeed)
    {
        var options = new GepaOptions
        {
            Seed = 4,
            MaxMetricCalls = 400,
            MinibatchSize = 3,
            UseMerge = false,
            SkipPerfectScore = false,
            ProposalSampling = new IndependentSampling(4),
            ProposalSelection = new AllImprovements(),
            MaxConcurrentProposals = concurrency,
            ReflectionRetryDelay = TimeSpan.Zero,
            BudgetPolicy = BudgetPolicy.Fixed, // the bandit alone: full validation, so each gain is over the whole valset
            Adaptive = { BanditComponentSelection = true, BanditDiscount = 1 }, // 1: the arms keep plain sums
        };
        AdaptiveState? last = null;
        var rewritten = new List<string>();
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            last = AdaptiveState.FromJson(cp.PolicyState[AdaptiveState.CheckpointKey]);
            return ValueTask.CompletedTask;
        });
        options.Callbacks.OnProposalStart.Subscribe(a =>
        {
            lock (rewritten)
            {
                rewritten.AddRange(a.Components);
            }

            return ValueTask.CompletedTask;
        });
        var adapter = new JitteredAdapter(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), jitterSeed);
        var result = await new GepaOptimizer<RuleWorldExample>(adapter, new RuleWorldReflectionChatClient(World), options)
            .OptimizeAsync(World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        return new Run(result, last!.Arms, rewritten);
    }

    [Fact]
    public async Task Observe_SeveralProposalsPerIteration_CreditsEachProposalItsOwnComponentAndGain()
    {
        var run = await RunAsync(concurrency: 0, jitterSeed: 1);
        var r = run.Result;

        // One pull per proposal the bandit chose a component for, on that component's arm.
        Assert.True(run.Rewritten.Count > r.Iterations, $"{run.Rewritten.Count} proposals in {r.Iterations} iterations");
        foreach (var (component, arm) in run.Arms)
        {
            Assert.Equal(run.Rewritten.Count(c => c == component), arm.Pulls, 9);
        }

        Assert.Equal(run.Rewritten.Count, run.Arms.Values.Sum(a => a.Pulls), 9);

        // The gains are each accepted child's own paired validation gain over its own parent, on the arm of the
        // component it rewrote.
        Assert.True(r.NumCandidates >= 4, $"only {r.NumCandidates} candidates");
        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 1; k < r.NumCandidates; k++)
        {
            var parent = r.Parents[k][0];
            var component = r.Candidates[k].ComponentNames.Single(c => r.Candidates[k][c] != r.Candidates[parent][c]);
            var shared = r.ValSubscores[k].Keys.Where(r.ValSubscores[parent].ContainsKey).ToList();
            var gain = shared.Average(e => r.ValSubscores[k][e] - r.ValSubscores[parent][e]);
            expected[component] = expected.GetValueOrDefault(component) + Math.Max(0, gain);
        }

        Assert.True(expected.Values.Sum() > 0, "no accepted child gained");
        foreach (var (component, arm) in run.Arms)
        {
            Assert.Equal(expected.GetValueOrDefault(component), arm.Gain, 9);
        }
    }

    [Fact]
    public async Task Observe_SeveralProposalsPerIteration_CreditsTheSameWhateverOrderTheyFinishIn()
    {
        var one = await RunAsync(concurrency: 1, jitterSeed: 2);
        var all = await RunAsync(concurrency: 0, jitterSeed: 3);

        Assert.Equal(one.Result.Candidates, all.Result.Candidates);
        Assert.Equal(one.Arms.Keys.Order(), all.Arms.Keys.Order());
        foreach (var (component, arm) in one.Arms)
        {
            Assert.Equal((arm.Pulls, arm.Gain, arm.Cost), (all.Arms[component].Pulls, all.Arms[component].Gain, all.Arms[component].Cost));
        }
    }

    /// <summary>RuleWorld's adapter behind random delays, so that concurrent proposals finish in a changing order.</summary>
    private sealed class JitteredAdapter(IGepaAdapter<RuleWorldExample> inner, int seed) : IGepaAdapter<RuleWorldExample>
    {
        private readonly Random _jitter = new(seed);
        private readonly Lock _gate = new();

        public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<RuleWorldExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
        {
            await DelayAsync(cancellationToken);
            return await inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);
        }

        public async ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<RuleWorldExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            await DelayAsync(cancellationToken);
            return await inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
        }

        private Task DelayAsync(CancellationToken ct)
        {
            int ms;
            lock (_gate)
            {
                ms = _jitter.Next(0, 4);
            }

            return Task.Delay(ms, ct);
        }
    }
}
