namespace Gepa.Cli.Configuration;

/// <summary>The validated <c>engine</c> section. Property names match <c>GepaOptions</c> one to one so that mapping them
/// is a list of assignments.</summary>
internal sealed record EngineSettings
{
    /// <summary>Gets the random seed.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the rollout budget.</summary>
    public int MaxMetricCalls { get; init; }

    /// <summary>Gets whether the budget is a hard cap.</summary>
    public bool StrictBudget { get; init; } = true;

    /// <summary>Gets the candidate selection word (pareto, current-best, epsilon-greedy, top-k-pareto).</summary>
    public string CandidateSelection { get; init; } = "pareto";

    /// <summary>Gets the epsilon of epsilon-greedy.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Gets the k of top-k-pareto.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Gets the minibatch size.</summary>
    public int MinibatchSize { get; init; } = 3;

    /// <summary>Gets the component selection word (round-robin, all).</summary>
    public string ComponentSelection { get; init; } = "round-robin";

    /// <summary>Gets the acceptance word (strict-improvement, improvement-or-equal).</summary>
    public string AcceptanceCriterion { get; init; } = "strict-improvement";

    /// <summary>Gets the frontier word (instance, objective, hybrid, cartesian).</summary>
    public string FrontierType { get; init; } = "instance";

    /// <summary>Gets whether perfect minibatches skip reflection.</summary>
    public bool SkipPerfectScore { get; init; } = true;

    /// <summary>Gets the perfect score.</summary>
    public double PerfectScore { get; init; } = 1.0;

    /// <summary>Gets whether merge is enabled.</summary>
    public bool UseMerge { get; init; }

    /// <summary>Gets the cap on merges.</summary>
    public int MaxMergeInvocations { get; init; } = 5;

    /// <summary>Gets the merge overlap floor.</summary>
    public int MergeValOverlapFloor { get; init; } = 5;

    /// <summary>Gets whether evaluations are cached.</summary>
    public bool CacheEvaluation { get; init; }

    /// <summary>Gets whether rejected merges count toward the merge cap.</summary>
    public bool CountRejectedMerges { get; init; } = true;

    /// <summary>Gets whether a proposal identical to a pool member is rejected without evaluation.</summary>
    public bool DeduplicateCandidates { get; init; } = true;

    /// <summary>Gets whether minibatch evaluations read the cache.</summary>
    public bool CacheMinibatchEvaluations { get; init; } = true;

    /// <summary>Gets how many idle iterations in a row stop the run.</summary>
    public int MaxIdleIterations { get; init; } = GepaConstants.DefaultMaxIdleIterations;

    /// <summary>Gets the most iterations a run makes, or <see langword="null"/> for the rollout budget.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Gets the reflection template text (read from the file), or <see langword="null"/> for the built-in one.</summary>
    public string? ReflectionPromptTemplate { get; init; }

    /// <summary>Gets per-component reflection template texts.</summary>
    public IReadOnlyDictionary<string, string> ComponentReflectionPromptTemplates { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets whether adapter exceptions are scored as failures.</summary>
    public bool ScoreAdapterExceptionsAsFailures { get; init; }

    /// <summary>Gets the reflection retries.</summary>
    public int ReflectionRetries { get; init; } = 2;

    /// <summary>Gets the base delay between reflection retries.</summary>
    public TimeSpan ReflectionRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the consecutive failures that stop the run.</summary>
    public int MaxConsecutiveFailures { get; init; } = 5;

    /// <summary>Gets how many proposals each iteration makes, as the tool accepts it (single, same-parent(N),
    /// independent(N), pxn(P,N)).</summary>
    public string ProposalSampling { get; init; } = "single";

    /// <summary>Gets which proposals go on to validation, as the tool accepts it (all, best, top-k(K)).</summary>
    public string ProposalSelection { get; init; } = "all";

    /// <summary>Gets how many of an iteration's proposals run at once (0: all).</summary>
    public int MaxConcurrentProposals { get; init; }

    /// <summary>Gets the budget policy (the top-level <c>budget</c> section).</summary>
    public BudgetSettings Budget { get; init; } = new();

    /// <summary>Gets the stop conditions.</summary>
    public StopSettings Stop { get; init; } = new();
}
