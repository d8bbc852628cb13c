using Gepa.Strategies;

namespace Gepa;

/// <summary>Settings of one optimization run. Defaults follow the Python reference (gepa 0.1.4) unless noted;
/// <see cref="ReferenceMode"/> creates options that make the reference's decisions.</summary>
public sealed class GepaOptions
{
    /// <summary>Gets or sets the seed of the single random source the engine uses.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; } = GepaConstants.DefaultSeed;

    /// <summary>Gets or sets the rollout budget: the maximum number of metric calls (one candidate on one example).</summary>
    /// <value>Required; no default.</value>
    public int? MaxMetricCalls { get; set; }

    /// <summary>Gets or sets whether the budget is a hard cap.</summary>
    /// <value>The default is <see langword="true"/>: a proposal is started only when its minibatch evaluations and the
    /// child's full validation evaluation all fit in what is left, so the run never spends more than
    /// <see cref="MaxMetricCalls"/>. <see langword="false"/> reproduces the reference, which checks the budget only at
    /// the top of each iteration and may overshoot by up to two minibatches plus one validation evaluation.</value>
    public bool StrictBudget { get; set; } = true;

    /// <summary>Gets or sets how the rollout budget is spent: adaptively, or as the reference spends it.</summary>
    /// <value>The default is <see cref="BudgetPolicy.Adaptive"/> (ours; <see cref="GepaConstants.DefaultBudgetPolicy"/>):
    /// racing validation, the component bandit, the diversity-triggered merge and the focused minibatch.
    /// <see cref="BudgetPolicy.Fixed"/> is the reference's allocation, one switch away, and what
    /// <see cref="ReferenceMode"/> uses.</value>
    public BudgetPolicy BudgetPolicy { get; set; } = GepaConstants.DefaultBudgetPolicy;

    /// <summary>Gets the parts and parameters of the adaptive budget policy; each part can also be switched on alone.</summary>
    public AdaptiveBudgetOptions Adaptive { get; } = new();

    /// <summary>Gets or sets how the parent of each proposal is chosen.</summary>
    public CandidateSelection CandidateSelection { get; set; } = CandidateSelection.Pareto;

    /// <summary>Gets or sets the exploration probability of <see cref="CandidateSelection.EpsilonGreedy"/>.</summary>
    /// <value>The default is 0.1; the range is [0, 1].</value>
    public double Epsilon { get; set; } = GepaConstants.DefaultEpsilon;

    /// <summary>Gets or sets the k of <see cref="CandidateSelection.TopKPareto"/>.</summary>
    /// <value>The default is 5.</value>
    public int TopK { get; set; } = GepaConstants.DefaultTopK;

    /// <summary>Gets or sets the number of training examples in each reflection minibatch.</summary>
    /// <value>The default is 3.</value>
    public int MinibatchSize { get; set; } = GepaConstants.DefaultMinibatchSize;

    /// <summary>Gets or sets which components a proposal rewrites.</summary>
    public ComponentSelection ComponentSelection { get; set; } = ComponentSelection.RoundRobin;

    /// <summary>Gets or sets when a child is accepted after its minibatch evaluation.</summary>
    public AcceptanceCriterion AcceptanceCriterion { get; set; } = AcceptanceCriterion.StrictImprovement;

    /// <summary>Gets or sets what the Pareto front is kept over; every type but <see cref="FrontierType.Instance"/>
    /// needs objective scores from the adapter.</summary>
    public FrontierType FrontierType { get; set; } = FrontierType.Instance;

    /// <summary>Gets or sets whether to skip reflection when the parent is perfect on the whole minibatch.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SkipPerfectScore { get; set; } = true;

    /// <summary>Gets or sets the score that counts as perfect for <see cref="SkipPerfectScore"/>.</summary>
    /// <value>The default is 1.0.</value>
    public double PerfectScore { get; set; } = GepaConstants.DefaultPerfectScore;

    /// <summary>Gets or sets whether to merge candidates from lineages that share an ancestor.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseMerge { get; set; }

    /// <summary>Gets or sets the cap on merges.</summary>
    /// <value>The default is 5.</value>
    public int MaxMergeInvocations { get; set; } = GepaConstants.DefaultMaxMergeInvocations;

    /// <summary>Gets or sets the minimum number of validation examples two merge parents must both have scores on.</summary>
    /// <value>The default is 5. It is clamped to the validation set's size (the reference silently disables merge on
    /// smaller validation sets).</value>
    public int MergeValOverlapFloor { get; set; } = GepaConstants.DefaultMergeValOverlapFloor;

    /// <summary>Gets or sets whether a rejected merge counts toward <see cref="MaxMergeInvocations"/>.</summary>
    /// <value>The default is <see langword="true"/>: the cap bounds merge attempts, so merges cannot take an unbounded
    /// share of the budget. <see langword="false"/> reproduces the reference, which counts only accepted merges.</value>
    public bool CountRejectedMerges { get; set; } = true;

    /// <summary>Gets or sets whether minibatch evaluations read the cache too (when <see cref="CacheEvaluation"/> is on).</summary>
    /// <value>The default is <see langword="true"/>: a (candidate, example) already evaluated with its trace is not paid
    /// for again. An entry without a trace is a miss, since reflection needs it. <see langword="false"/> reproduces the
    /// reference, which reads the cache only for validation evaluations.</value>
    public bool CacheMinibatchEvaluations { get; set; } = true;

    /// <summary>Gets or sets whether a proposal identical to a candidate already in the pool is rejected without
    /// being evaluated.</summary>
    /// <value>The default is <see langword="true"/>: a reflection model that echoes a text costs no rollouts, and the
    /// pool never holds copies. <see langword="false"/> reproduces the reference, which evaluates such a child and,
    /// under <see cref="AcceptanceCriterion.ImprovementOrEqual"/>, can fill the pool with copies (§5.6).</value>
    public bool DeduplicateCandidates { get; set; } = true;

    /// <summary>Gets or sets whether evaluations are cached by (candidate, split, example), so that none is paid twice.</summary>
    /// <value>The default is <see langword="false"/>, as in the reference.</value>
    public bool CacheEvaluation { get; set; }

    /// <summary>Gets or sets an evaluation of the seed the caller already paid for (a memory relevance probe, a race
    /// among starting candidates), so that the run does not evaluate those examples again.</summary>
    /// <value>The default is <see langword="null"/>: the run evaluates its seed on the whole validation set, as the
    /// reference does (<see cref="ReferenceMode"/> leaves it unset). When set, the run's seed evaluation takes the
    /// prior's scores, outputs and objective scores for the first <see cref="EvaluationBatch.Count"/> validation
    /// examples, evaluates only the rest, and counts only those rollouts in <see cref="GepaResult.TotalMetricCalls"/>
    /// and the budget. The prior must be of the seed and no longer than the validation set; the run refuses it
    /// otherwise before any call. When the prior and the fresh rollouts disagree on having objective scores, the seed
    /// has none (as a candidate whose adapter returns none); a frontier other than <see cref="FrontierType.Instance"/>
    /// therefore refuses a prior without objective scores. It applies where a <see cref="GepaOptimizer{TExample}"/>
    /// evaluates a seed (which includes optimize-anything's <c>gepa</c> engine and cluster runs); a resumed run ignores
    /// it, since it never evaluates its seed again, and the <c>gepa</c> tool's best-of-n baseline does not read it.
    /// The budget's minimum (<see cref="MaxMetricCalls"/>) still counts the whole seed evaluation.</value>
    public PriorEvaluation? PriorSeedEvaluation { get; set; }

    /// <summary>Gets or sets the reflection prompt template; it must contain <c>&lt;curr_param&gt;</c> and
    /// <c>&lt;side_info&gt;</c>.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="ReflectionPrompt.DefaultTemplate"/>.</value>
    public string? ReflectionPromptTemplate { get; set; }

    /// <summary>Gets or sets per-component reflection templates, which take precedence over <see cref="ReflectionPromptTemplate"/>.</summary>
    public IDictionary<string, string> ComponentReflectionPromptTemplates { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets whether an exception thrown by the adapter on an evaluation is scored as a failed
    /// example (score 0, the error as the trace) instead of failing the run.</summary>
    /// <value>The default is <see langword="false"/>: the run fails, naming the iteration, candidate and examples.</value>
    public bool ScoreAdapterExceptionsAsFailures { get; set; }

    /// <summary>Gets or sets how many times a failed or unusable reflection reply is retried before the proposal is
    /// counted as failed.</summary>
    /// <value>The default is 2.</value>
    public int ReflectionRetries { get; set; } = GepaConstants.DefaultReflectionRetries;

    /// <summary>Gets or sets the base delay of the exponential backoff between reflection retries.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan ReflectionRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how many failed iterations in a row stop the run.</summary>
    /// <value>The default is 5.</value>
    public int MaxConsecutiveFailures { get; set; } = GepaConstants.DefaultMaxConsecutiveFailures;

    /// <summary>Gets or sets how many iterations in a row may spend no rollouts and add no candidate before the run
    /// stops with <see cref="GepaStopReason.NoProgress"/>.</summary>
    /// <value>The default is 20. With the evaluation cache on, an iteration whose minibatches are all cached costs no
    /// rollouts, so a budget alone would never end a run that keeps proposing texts it has already tried.</value>
    public int MaxIdleIterations { get; set; } = GepaConstants.DefaultMaxIdleIterations;

    /// <summary>Gets or sets the most iterations a run makes before it stops with
    /// <see cref="GepaStopReason.IterationLimit"/>.</summary>
    /// <value>The default is <see langword="null"/>: the rollout budget (<see cref="MaxMetricCalls"/>), since every
    /// iteration of the reference spends at least one rollout, so the bound never ends a run the budget would not have
    /// ended. It is what guarantees the end of a run whose iterations cost no rollouts (everything cached) but still pay
    /// for reflection calls. Without a budget, the run's stop conditions bound it.</value>
    public int? MaxIterations { get; set; }

    /// <summary>Gets or sets a candidate selector of your own.</summary>
    /// <value>The default is <see langword="null"/>: the one <see cref="CandidateSelection"/> names.</value>
    public ICandidateSelector? CandidateSelector { get; set; }

    /// <summary>Gets or sets a component selector of your own.</summary>
    /// <value>The default is <see langword="null"/>: the one <see cref="ComponentSelection"/> and the budget policy name.</value>
    public IComponentSelector? ComponentSelector { get; set; }

    /// <summary>Gets or sets a minibatch sampler of your own.</summary>
    /// <value>The default is <see langword="null"/>: the reference's epoch-shuffled sampler, or the focused minibatch
    /// under the adaptive policy.</value>
    public IBatchSampler? BatchSampler { get; set; }

    /// <summary>Gets or sets an acceptance criterion of your own.</summary>
    /// <value>The default is <see langword="null"/>: the one <see cref="AcceptanceCriterion"/> names.</value>
    public IAcceptanceCriterion? Acceptance { get; set; }

    /// <summary>Gets or sets which validation examples an accepted candidate is scored on.</summary>
    /// <value>The default is <see langword="null"/>: all of them, or racing under the adaptive policy. A policy of your
    /// own replaces racing unless <see cref="AdaptiveBudgetOptions.AdaptiveValidation"/> is set to
    /// <see langword="true"/>, which takes precedence. A policy that chooses part of the validation set needs
    /// <see cref="FrontierType.Instance"/>.</value>
    public IEvaluationPolicy? EvaluationPolicy { get; set; }

    /// <summary>Gets or sets how accepted candidates are validated and join the pool.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="FullValidation"/> over <see cref="EvaluationPolicy"/>, or
    /// <see cref="RacingValidation"/> under the adaptive policy's adaptive validation.</value>
    public IValidation? Validation { get; set; }

    /// <summary>Gets or sets when a merge is tried and of which pair.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="ScheduledMergeTrigger"/> (the reference's schedule, on
    /// when <see cref="UseMerge"/> is), or <see cref="DiversityDrivenMergeTrigger"/> under the adaptive policy's diversity
    /// trigger. A trigger of your own decides alone, whatever <see cref="UseMerge"/> says.</value>
    public IMergeTrigger? MergeTrigger { get; set; }

    /// <summary>Gets or sets a proposer of your own, used instead of reflective mutation.</summary>
    /// <value>The default is <see langword="null"/>: reflective mutation.</value>
    public ICandidateProposer? Proposer { get; set; }

    /// <summary>Gets or sets how many (parent, minibatch) proposals each iteration makes.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="SingleMutationSampling"/>, the reference's one proposal.</value>
    public ISamplingStrategy? ProposalSampling { get; set; }

    /// <summary>Gets or sets which of an iteration's proposals go on to validation.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="AllImprovements"/>.</value>
    public ISelectionStrategy? ProposalSelection { get; set; }

    /// <summary>Gets or sets how many of an iteration's proposals reflect and evaluate at the same time.</summary>
    /// <value>The default is 0: all of them. The result does not depend on this setting.</value>
    public int MaxConcurrentProposals { get; set; }

    /// <summary>Gets the extra stop conditions; the run stops when any of them says so.</summary>
    public IList<IStopCondition> StopConditions { get; } = [];

    /// <summary>Gets the callbacks notified of what the engine does.</summary>
    public GepaCallbacks Callbacks { get; } = new();

    /// <summary>Gets or sets the time source; tests inject a fake.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Creates options that make the Python reference's (gepa 0.1.4) decisions, whatever this library's
    /// defaults are: the reference's budget allocation (<see cref="BudgetPolicy.Fixed"/>) and budget accounting
    /// (<see cref="StrictBudget"/> off), no deduplication of copies, no cache reads for minibatch evaluations, and only
    /// accepted merges counted against <see cref="MaxMergeInvocations"/>. Everything else keeps the reference's default.
    /// The golden replays of the reference's traces run with these settings.</summary>
    /// <returns>New options; set <see cref="MaxMetricCalls"/> (and, for byte-identical reflection prompts, the
    /// reference's template in <see cref="ReflectionPromptTemplate"/>) before running.</returns>
    public static GepaOptions ReferenceMode() => new()
    {
        BudgetPolicy = BudgetPolicy.Fixed,
        StrictBudget = false,
        DeduplicateCandidates = false,
        CacheMinibatchEvaluations = false,
        CountRejectedMerges = false,
    };
}
