using Gepa.Cli.Configuration;

namespace Gepa.Cli.Running;

/// <summary>Maps the validated <c>engine</c> section onto <see cref="GepaOptions"/>.</summary>
internal static class EngineOptionsMapper
{
    /// <summary>Creates the engine options of a run.</summary>
    /// <param name="engine">The validated engine settings.</param>
    /// <param name="usage">The run's usage tracker, for the reflection cost cap.</param>
    /// <returns>The options; callbacks are added by the caller.</returns>
    public static GepaOptions ToOptions(EngineSettings engine, ChatUsageTracker usage)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(usage);
        var o = new GepaOptions
        {
            Seed = engine.Seed,
            MaxMetricCalls = engine.MaxMetricCalls,
            StrictBudget = engine.StrictBudget,
            CandidateSelection = engine.CandidateSelection switch
            {
                "current-best" => CandidateSelection.CurrentBest,
                "epsilon-greedy" => CandidateSelection.EpsilonGreedy,
                "top-k-pareto" => CandidateSelection.TopKPareto,
                _ => CandidateSelection.Pareto,
            },
            Epsilon = engine.Epsilon,
            TopK = engine.TopK,
            MinibatchSize = engine.MinibatchSize,
            ComponentSelection = engine.ComponentSelection == "all" ? ComponentSelection.All : ComponentSelection.RoundRobin,
            AcceptanceCriterion = engine.AcceptanceCriterion == "improvement-or-equal" ? AcceptanceCriterion.ImprovementOrEqual : AcceptanceCriterion.StrictImprovement,
            FrontierType = engine.FrontierType switch
            {
                "objective" => FrontierType.Objective,
                "hybrid" => FrontierType.Hybrid,
                "cartesian" => FrontierType.Cartesian,
                _ => FrontierType.Instance,
            },
            SkipPerfectScore = engine.SkipPerfectScore,
            PerfectScore = engine.PerfectScore,
            UseMerge = engine.UseMerge,
            MaxMergeInvocations = engine.MaxMergeInvocations,
            MergeValOverlapFloor = engine.MergeValOverlapFloor,
            CacheEvaluation = engine.CacheEvaluation,
            CountRejectedMerges = engine.CountRejectedMerges,
            DeduplicateCandidates = engine.DeduplicateCandidates,
            CacheMinibatchEvaluations = engine.CacheMinibatchEvaluations,
            MaxIdleIterations = engine.MaxIdleIterations,
            MaxIterations = engine.MaxIterations,
            ReflectionPromptTemplate = engine.ReflectionPromptTemplate,
            ScoreAdapterExceptionsAsFailures = engine.ScoreAdapterExceptionsAsFailures,
            ReflectionRetries = engine.ReflectionRetries,
            ReflectionRetryDelay = engine.ReflectionRetryDelay,
            MaxConsecutiveFailures = engine.MaxConsecutiveFailures,
            MaxConcurrentProposals = engine.MaxConcurrentProposals,
        };

        // The reference's one proposal and "all" are left unset, so a run without these keys is the reference's run.
        var sampling = ProposalStrategyText.ParseSampling(engine.ProposalSampling, out _);
        o.ProposalSampling = sampling is Gepa.Strategies.SingleMutationSampling ? null : sampling;
        var selection = ProposalStrategyText.ParseSelection(engine.ProposalSelection, out _);
        o.ProposalSelection = selection is Gepa.Strategies.AllImprovements ? null : selection;
        MapBudget(engine.Budget, o);
        foreach (var (component, template) in engine.ComponentReflectionPromptTemplates)
        {
            o.ComponentReflectionPromptTemplates[component] = template;
        }

        var stop = engine.Stop;
        if (stop.Timeout is { } timeout)
        {
            o.StopConditions.Add(StopConditions.Timeout(timeout));
        }

        if (stop.NoImprovement is { } n)
        {
            o.StopConditions.Add(StopConditions.NoImprovement(n));
        }

        if (stop.ScoreThreshold is { } threshold)
        {
            o.StopConditions.Add(StopConditions.ScoreThreshold(threshold));
        }

        if (stop.MaxProposals is { } proposals)
        {
            o.StopConditions.Add(StopConditions.MaxProposals(proposals));
        }

        if (stop.MaxReflectionCost is { } cost)
        {
            o.StopConditions.Add(new ReflectionCostStopCondition(usage, cost));
        }

        if (stop.StopFile is { } file)
        {
            o.StopConditions.Add(StopConditions.StopFile(file));
        }

        return o;
    }

    private static void MapBudget(BudgetSettings b, GepaOptions o)
    {
        o.BudgetPolicy = b.Policy == "adaptive" ? BudgetPolicy.Adaptive : BudgetPolicy.Fixed;
        var a = o.Adaptive;
        a.AdaptiveValidation = b.AdaptiveValidation;
        a.BanditComponentSelection = b.BanditComponents;
        a.DiversityMerge = b.DiversityMerge;
        a.FocusedMinibatch = b.FocusedMinibatch;
        a.FocusedFailures = b.FocusedFailures ?? a.FocusedFailures;
        a.MinibatchGuards = b.MinibatchGuards ?? a.MinibatchGuards;
        a.MinFirstStage = b.MinFirstStage ?? a.MinFirstStage;
        a.MaxFirstStage = b.MaxFirstStage ?? a.MaxFirstStage;
        a.InitialFirstStage = b.InitialFirstStage ?? a.InitialFirstStage;
        a.TargetDisagreements = b.TargetDisagreements ?? a.TargetDisagreements;
        a.StageGrowth = b.StageGrowth ?? a.StageGrowth;
        a.LossConfidence = b.LossConfidence ?? a.LossConfidence;
        a.WinConfidence = b.WinConfidence ?? a.WinConfidence;
        a.TieLimit = b.TieLimit ?? a.TieLimit;
        a.MovementSmoothing = b.MovementSmoothing ?? a.MovementSmoothing;
        a.BanditExploration = b.BanditExploration ?? a.BanditExploration;
        a.BanditDiscount = b.BanditDiscount ?? a.BanditDiscount;
        a.MergeDiversityThreshold = b.MergeDiversityThreshold ?? a.MergeDiversityThreshold;
        a.MaxMergeBudgetShare = b.MaxMergeBudgetShare ?? a.MaxMergeBudgetShare;
    }
}
