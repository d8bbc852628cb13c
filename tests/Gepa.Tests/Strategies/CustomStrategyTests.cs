using Gepa.Simulation;
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

    private static readonly RuleWorld TwoModules = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });

    private static Task<GepaResult> RunRuleWorldAsync(GepaOptions options) =>
        new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(TwoModules, new RuleWorldTaskChatClient(TwoModules)), new RuleWorldReflectionChatClient(TwoModules), options)
            .OptimizeAsync(TwoModules.SeedCandidate(), TwoModules.Trainset, TwoModules.Valset, TestContext.Current.CancellationToken);

    [Fact]
    public async Task OptimizeAsync_CustomValidation_DecidesHowCandidatesJoinThePool()
    {
        var validation = new FirstTwoThenPromote();
        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 80, Validation = validation });

        Assert.True(result.NumCandidates > 2, $"only {result.NumCandidates} candidates");
        Assert.Equal(result.NumCandidates - 1, validation.Added.Count);
        Assert.All(validation.Added, a => Assert.NotNull(a.ProposalId));
        Assert.Equal(1, validation.Finished);

        // Every new candidate was scored on the validation's two examples; the one it promoted at the end on all of them.
        var promoted = Assert.Single(Enumerable.Range(1, result.NumCandidates - 1), k => result.ValSubscores[k].Count == 6);
        Assert.All(Enumerable.Range(1, result.NumCandidates - 1).Where(k => k != promoted), k => Assert.Equal([0, 1], result.ValSubscores[k].Keys.Order()));
    }

    [Fact]
    public async Task OptimizeAsync_CustomMergeTrigger_TriesMergesWhenItSays()
    {
        var trigger = new EveryThirdIteration();
        var result = await RunRuleWorldAsync(new GepaOptions { Seed = 3, MaxMetricCalls = 400, MinibatchSize = 3, MergeValOverlapFloor = 2, MergeTrigger = trigger, ReflectionRetryDelay = TimeSpan.Zero, BudgetPolicy = BudgetPolicy.Fixed });

        Assert.True(trigger.Asked.Count >= result.Iterations, $"asked {trigger.Asked.Count} times in {result.Iterations} iterations");
        Assert.NotEmpty(trigger.Proposed);
        Assert.All(trigger.Proposed, i => Assert.Equal(0, i % 3));
        Assert.True(result.Merges.Tried > 0, "no merge was tried although merges are off only for the reference's schedule");
    }

    [Fact]
    public async Task OptimizeAsync_ReferenceValidationAndTriggerGivenExplicitly_AreTheDefaultRun()
    {
        GepaOptions Options() => new() { Seed = 3, MaxMetricCalls = 300, MinibatchSize = 3, UseMerge = true, MergeValOverlapFloor = 2, ReflectionRetryDelay = TimeSpan.Zero, BudgetPolicy = BudgetPolicy.Fixed };
        var byDefault = await RunRuleWorldAsync(Options());
        var explicitOptions = Options();
        explicitOptions.Validation = new FullValidation();
        explicitOptions.MergeTrigger = new ScheduledMergeTrigger();
        var explicitly = await RunRuleWorldAsync(explicitOptions);

        Assert.Equal(byDefault.Candidates, explicitly.Candidates);
        Assert.Equal(byDefault.Parents.Select(p => string.Join(",", p)), explicitly.Parents.Select(p => string.Join(",", p)));
        Assert.Equal(byDefault.TotalMetricCalls, explicitly.TotalMetricCalls);
        Assert.True(byDefault.Merges.Tried > 0, "the run tried no merge");
    }

    [Fact]
    public async Task OptimizeAsync_RacingValidationWithoutAdaptiveValidation_SaysWhatItNeeds()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(new GepaOptions { MaxMetricCalls = 80, Validation = new RacingValidation(), BudgetPolicy = BudgetPolicy.Fixed }));

        Assert.Contains("AdaptiveValidation", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Scores new candidates on the first two validation examples only, and at the end fully evaluates the
    /// partially evaluated candidate with the best mean.</summary>
    private sealed class FirstTwoThenPromote : IValidation
    {
        public List<(int Iteration, int? ProposalId)> Added { get; } = [];

        public int Finished { get; private set; }

        public int Reserve(IValidationContext context) => 2;

        public int PromotionReserve(IValidationContext context) => context.State.ValsetSize;

        public double? LeaderScore(IValidationContext context) => null;

        public async Task<int> AddAsync(IValidationContext context, Candidate candidate, IReadOnlyList<int> parents, IReadOnlyDictionary<int, double>? known)
        {
            Added.Add((context.Iteration, context.ProposalId));
            var discovery = context.State.TotalMetricCalls;
            var scores = await context.EvaluateAsync(candidate, [0, 1], "a new candidate");
            return await context.AddCandidateAsync(candidate, parents, scores, discovery);
        }

        public bool HasWorkToFinish(IValidationContext context) =>
            Enumerable.Range(0, context.State.Count).Any(k => !context.State.IsFullyEvaluated(k));

        public async Task<bool> FinishAsync(IValidationContext context)
        {
            Finished++;
            var partial = Enumerable.Range(0, context.State.Count).Where(k => !context.State.IsFullyEvaluated(k)).ToList();
            if (partial.Count == 0)
            {
                return false;
            }

            var best = partial.OrderByDescending(context.State.MeanScore).First();
            var missing = Enumerable.Range(0, context.State.ValsetSize).Where(id => !context.State.ValSubscores[best].ContainsKey(id)).ToList();
            await context.AddScoresAsync(best, await context.EvaluateAsync(context.State.Candidates[best], missing, "the final promotion"));
            return true;
        }
    }

    /// <summary>Asks for the reference's merge every third iteration, whatever the schedule says.</summary>
    private sealed class EveryThirdIteration : IMergeTrigger
    {
        public List<int> Asked { get; } = [];

        public List<int> Proposed { get; } = [];

        public bool IsDue(IMergeContext context)
        {
            Asked.Add(context.Iteration);
            return context.Iteration % 3 == 0 && context.State.Count >= 3;
        }

        public MergePlan? Propose(IMergeContext context)
        {
            Proposed.Add(context.Iteration);
            return context.ProposeFromFront();
        }
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
