using Gepa.Strategies;

namespace Gepa;

/// <summary>The one place that turns <see cref="GepaOptions.BudgetPolicy"/> and its per-part switches into strategy
/// implementations: <see cref="BudgetPolicy.Fixed"/> picks the reference's, <see cref="BudgetPolicy.Adaptive"/> the
/// racing validation, the bandit, the focused minibatch and the diversity trigger.</summary>
internal static class PolicyPresets
{
    /// <summary>Builds the strategies of a run.</summary>
    public static RunStrategies<TExample> Build<TExample>(RunContext<TExample> run, RolloutBudget budget, RolloutEvaluator<TExample> evaluator, IGepaStateView view)
    {
        var o = run.Options;
        var adaptive = AdaptiveController.Create(o, run.Seed.ComponentNames, run.Valset.Count);

        var floor = o.MergeValOverlapFloor;
        if (o.UseMerge && floor > run.Valset.Count)
        {
            Log.MergeFloorClamped(run.Logger, floor, run.Valset.Count);
            floor = run.Valset.Count;
        }

        var proposer = new MergeProposer(run.State, run.Random, floor, run.Logger);
        IBatchSampler sampler = o.BatchSampler ?? (adaptive is { Focused: true } focused ? new FocusedBatchSampler(focused, o) : new EpochShuffledBatchSampler(o.MinibatchSize, run.Random));
        var candidateSelector = o.CandidateSelector ?? o.CandidateSelection switch
        {
            CandidateSelection.CurrentBest => new CurrentBestCandidateSelector(),
            CandidateSelection.EpsilonGreedy => new EpsilonGreedyCandidateSelector(o.Epsilon),
            CandidateSelection.TopKPareto => new TopKParetoCandidateSelector(o.TopK),
            _ => (ICandidateSelector)new ParetoCandidateSelector(),
        };
        var componentSelector = o.ComponentSelector ?? (o.ComponentSelection == ComponentSelection.All ? new AllComponentSelector()
            : adaptive is { Bandit: true } bandit ? new BanditComponentSelector(bandit, run.Logger)
            : (IComponentSelector)new RoundRobinComponentSelector());
        var strategy = o.Validation ?? (adaptive is { Racing: true } ? new RacingValidation() : (IValidation)new FullValidation(o.EvaluationPolicy));
        var validation = new RunValidation<TExample>(strategy, (number, id) => new ValidationContext<TExample>(run, evaluator, budget, view, adaptive, number, id), () => run.Iteration + 1);
        var acceptance = o.Acceptance ?? (o.AcceptanceCriterion == AcceptanceCriterion.StrictImprovement
            ? new StrictImprovementAcceptance()
            : (IAcceptanceCriterion)new ImprovementOrEqualAcceptance());
        var strict = acceptance is StrictImprovementAcceptance;

        // Stopping a child early on the examples its parent failed is sound only for the built-in sum criteria.
        IChildEvaluation<TExample> childEvaluation = adaptive is { Focused: true } focus && acceptance is IExplainsRejection
            ? new FailuresFirstChildEvaluation<TExample>(evaluator, focus, o.PerfectScore, strict)
            : new WholeMinibatchChildEvaluation<TExample>(evaluator);

        var schedule = new MergeSchedule(o);
        var trigger = o.MergeTrigger ?? (adaptive is { DiversityMerge: true } ? new DiversityDrivenMergeTrigger() : (IMergeTrigger)new ScheduledMergeTrigger());

        // The adaptive policy keeps the share of the budget merges spent, whichever trigger started them.
        Action<int>? recordMergeRollouts = adaptive is null ? null : spent => adaptive.State.MergeRollouts += spent;
        var merge = new MergeStep<TExample>(run, evaluator, proposer, schedule, trigger, validation.AddAsync, recordMergeRollouts, view, adaptive);
        var proposal = new ProposalStrategies(candidateSelector, sampler, componentSelector, acceptance, o.ProposalSampling ?? new SingleMutationSampling(), o.ProposalSelection ?? new AllImprovements(), o.Proposer);
        var mutation = new ReflectiveMutationProposer<TExample>(run, view, proposal, evaluator, childEvaluation, validation.AddAsync, validation.CanValidateAnother, merge.OnMutationAccepted);

        List<ICheckpointSlice> slices = [run.Counters, evaluator, merge];
        if (sampler is ICheckpointSlice samplerSlice)
        {
            slices.Add(samplerSlice);
        }

        if (adaptive is not null)
        {
            slices.Add(adaptive);
        }

        return new RunStrategies<TExample>(mutation, merge, validation, slices);
    }
}
