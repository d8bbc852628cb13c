using Gepa.Strategies;
using Gepa.Tests.Engine.Golden;

namespace Gepa.Tests.Strategies;

public sealed class CustomStrategyTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];

    private static List<ToyExample> Examples(int n, int offset = 0) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], "instructions"))];

    private static Task<GepaResult> RunAsync(GepaOptions options, ToyReflectionChatClient? lm = null) =>
        new GepaOptimizer<ToyExample>(new ToyAdapter(false), lm ?? new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

    [Fact]
    public async Task OptimizeAsync_CustomCandidateSelector_ChoosesEveryParent()
    {
        var selector = new SeedOnlySelector();
        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 80, CandidateSelector = selector });

        Assert.True(result.NumCandidates > 2, $"only {result.NumCandidates} candidates");
        Assert.All(Enumerable.Range(1, result.NumCandidates - 1), k => Assert.Equal([0], result.Parents[k]));
        Assert.Equal(result.Iterations, selector.Calls);
    }

    [Fact]
    public async Task OptimizeAsync_CustomProposer_ReplacesReflectiveMutation()
    {
        var lm = new ToyReflectionChatClient(false);
        var proposer = new AppendWordProposer();
        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 80, Proposer = proposer }, lm);

        Assert.Empty(lm.Prompts);
        Assert.Equal(result.Iterations, proposer.Calls);
        Assert.Contains(result.Candidates, c => c["instructions"] == "start gamma");
        Assert.True(result.BestScore > result.ValAggregateScores[0]);
        Assert.True(result.TotalMetricCalls <= 80);
    }

    [Fact]
    public async Task OptimizeAsync_CustomAcceptance_DecidesWhichChildrenAreValidated()
    {
        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 80, Acceptance = new RejectAll() });

        Assert.Equal(1, result.NumCandidates);
        Assert.True(result.ProposalsTried > 0);
    }

    [Fact]
    public async Task OptimizeAsync_PartialEvaluationPolicy_ScoresNewCandidatesOnItsExamplesOnly()
    {
        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 80, EvaluationPolicy = new FirstHalf() });

        Assert.True(result.NumCandidates > 1, $"only {result.NumCandidates} candidates");
        Assert.All(Enumerable.Range(1, result.NumCandidates - 1), k => Assert.Equal([0, 1, 2], result.ValSubscores[k].Keys.Order()));
        Assert.Equal(0, result.BestIndex); // only fully evaluated candidates can be the best
    }

    [Fact]
    public async Task OptimizeAsync_FullEvaluationPolicy_IsTheDefaultRun()
    {
        var byDefault = await RunAsync(new GepaOptions { MaxMetricCalls = 80 });
        var explicitly = await RunAsync(new GepaOptions { MaxMetricCalls = 80, EvaluationPolicy = new FullEvaluationPolicy() });

        Assert.Equal(byDefault.Candidates, explicitly.Candidates);
        Assert.Equal(byDefault.TotalMetricCalls, explicitly.TotalMetricCalls);
    }

    private sealed class FirstHalf : IEvaluationPolicy
    {
        public IReadOnlyList<int> GetEvalBatch(IGepaStateView state, Candidate candidate) => [.. Enumerable.Range(0, state.ValsetSize / 2)];
    }

    private sealed class SeedOnlySelector : ICandidateSelector
    {
        public int Calls { get; private set; }

        public int SelectCandidate(IGepaStateView state)
        {
            Calls++;
            return 0;
        }
    }

    private sealed class RejectAll : IAcceptanceCriterion
    {
        public bool ShouldAccept(IReadOnlyList<double> parentScores, IReadOnlyList<double> childScores) => false;
    }

    /// <summary>Appends the next word of the list to the best candidate and scores it on a minibatch.</summary>
    private sealed class AppendWordProposer : ICandidateProposer
    {
        public int Calls { get; private set; }

        public async Task<CandidateProposal?> ProposeAsync(IProposerContext context, CancellationToken cancellationToken)
        {
            Calls++;
            var state = context.State;
            var parent = state.BestIndex();
            var ids = context.BatchSampler.NextMinibatchIds(state, parent);
            var before = await context.EvaluateAsync(state.Candidates[parent], ids);
            var child = state.Candidates[parent].With("instructions", state.Candidates[parent]["instructions"] + " " + Words[(state.Count + 1) % Words.Length]);
            var after = await context.EvaluateAsync(child, ids);
            return new CandidateProposal(child, [parent], ids, before.Scores, after.Scores, "append_word");
        }
    }
}
