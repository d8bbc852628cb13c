using Gepa.Tests.Engine;
using Gepa.Tests.Engine.Golden;
using Gepa.Tests.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gepa.Tests.Merge;

public sealed class MergeProposerTests
{
    private static Dictionary<int, double> Scores(params double[] s) => s.Select((v, i) => (v, i)).ToDictionary(x => x.i, x => x.v);

    private static GepaState TwoLineagesFromAZeroSeed()
    {
        // The reference crashes here (§5.1): the only common ancestor scores 0, so every ancestor weight is 0.
        var state = new GepaState(FrontierType.Instance);
        state.Add(new Candidate([new("a", "x"), new("b", "y")]), [], Scores(0, 0, 0, 0, 0), null, 0);
        state.Add(new Candidate([new("a", "x one"), new("b", "y")]), [0], Scores(1, 0, 0, 0, 0), null, 5);
        state.Add(new Candidate([new("a", "x"), new("b", "y two")]), [0], Scores(0, 1, 0, 0, 0), null, 10);
        return state;
    }

    [Fact]
    public void Propose_EveryCommonAncestorScoresZero_MergesInsteadOfCrashing()
    {
        var proposer = new MergeProposer(TwoLineagesFromAZeroSeed(), new PythonRandom(0), overlapFloor: 5, NullLogger.Instance);

        var plan = proposer.Propose();

        Assert.NotNull(plan);
        Assert.Equal(0, plan.Ancestor);
        Assert.Equal("x one", plan.Merged["a"]);
        Assert.Equal("y two", plan.Merged["b"]);
    }

    [Fact]
    public void Propose_SameTripletTwice_IsNotProposedAgain()
    {
        var proposer = new MergeProposer(TwoLineagesFromAZeroSeed(), new PythonRandom(0), overlapFloor: 5, NullLogger.Instance);
        Assert.NotNull(proposer.Propose());

        Assert.Null(proposer.Propose());
    }

    [Fact]
    public void Propose_OverlapBelowTheFloor_ProposesNothing()
    {
        var proposer = new MergeProposer(TwoLineagesFromAZeroSeed(), new PythonRandom(0), overlapFloor: 6, NullLogger.Instance);

        Assert.Null(proposer.Propose());
    }

    [Fact]
    public void SelectSubsample_TakesFromEachSideAndTies()
    {
        var state = TwoLineagesFromAZeroSeed();
        var proposer = new MergeProposer(state, new PythonRandom(1), 5, NullLogger.Instance);

        var ids = proposer.SelectSubsample(1, 2, 5);

        Assert.Equal(5, ids.Count);
        Assert.Contains(0, ids); // the only example where candidate 1 wins
        Assert.Contains(1, ids); // the only example where candidate 2 wins
    }

    [Fact]
    public async Task OptimizeAsync_SmallValset_ClampsTheOverlapFloorAndSaysSo()
    {
        var logger = new CapturingLogger();
        var options = new GepaOptions { MaxMetricCalls = 200, UseMerge = true, MergeValOverlapFloor = 5, ReflectionRetryDelay = TimeSpan.Zero };
        var train = Enumerable.Range(0, 6).Select(i => new ToyExample(i, $"w{i}", i % 2 == 0 ? "a" : "b")).ToList();
        var val = Enumerable.Range(0, 3).Select(i => new ToyExample(i, $"w{i}", i % 2 == 0 ? "a" : "b")).ToList();

        await new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), options, logger)
            .OptimizeAsync(new Candidate([new("a", "x"), new("b", "y")]), train, val, TestContext.Current.CancellationToken);

        Assert.Contains(logger.Messages, m => m.Message.Contains("only 3 examples; using 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptimizeAsync_RejectedMerges_CountTowardTheCap()
    {
        var attempted = 0;
        var options = new GepaOptions { MaxMetricCalls = 2000, UseMerge = true, MaxMergeInvocations = 2, ReflectionRetryDelay = TimeSpan.Zero, Seed = 1, BudgetPolicy = BudgetPolicy.Fixed }; // the scheduled merge
        options.Callbacks.OnMergeAttempted.Subscribe(_ =>
        {
            attempted++;
            return ValueTask.CompletedTask;
        });
        var words = new[] { "alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu" };
        var train = Enumerable.Range(0, 12).Select(i => new ToyExample(i, words[i], i % 2 == 0 ? "a" : "b")).ToList();

        var result = await new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(true), options)
            .OptimizeAsync(new Candidate([new("a", "x"), new("b", "y")]), train, null, TestContext.Current.CancellationToken);

        Assert.True(result.Merges.Tried <= 2, $"{result.Merges.Tried} merges tried");
        Assert.True(attempted <= 2);
    }
}
