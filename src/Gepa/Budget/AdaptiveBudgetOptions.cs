namespace Gepa;

/// <summary>The parts and parameters of the adaptive budget policy (<see cref="BudgetPolicy.Adaptive"/>).</summary>
/// <remarks>
/// <para>Each part is on when its switch is <see langword="true"/>, off when it is <see langword="false"/>, and
/// follows <see cref="GepaOptions.BudgetPolicy"/> when it is <see langword="null"/> (the default), so that
/// <c>BudgetPolicy = Adaptive</c> turns all three on and each can also be tried alone under <c>Fixed</c>.</para>
/// <para>The defaults and the reasons for them are in <see cref="AdaptiveBudgetConstants"/>; docs/adaptive-budget.md
/// explains the design and the measurements behind it.</para>
/// </remarks>
public sealed class AdaptiveBudgetOptions
{
    /// <summary>Gets or sets whether accepted candidates are raced on a growing part of the valset instead of being
    /// scored on all of it.</summary>
    /// <value>The default is <see langword="null"/>: on under <see cref="BudgetPolicy.Adaptive"/>, unless
    /// <see cref="GepaOptions.EvaluationPolicy"/> names examples of your own. A new candidate is
    /// scored on a first stage of validation examples, then on twice as many, and so on, against the leader (the
    /// candidate with the highest selection score). It stops as soon as it has clearly lost (it stays in the pool with
    /// the scores it got), clearly won (it becomes the leader; its full evaluation is deferred), or is still not ahead
    /// after <see cref="TieLimit"/> examples. Only fully evaluated candidates can become the best; at the end of the run
    /// the leader is fully evaluated. Applies to the <see cref="FrontierType.Instance"/> frontier; the others rank
    /// candidates by means over the whole valset and keep full evaluation.</value>
    public bool? AdaptiveValidation { get; set; }

    /// <summary>Gets or sets whether the component a proposal rewrites is chosen by a bandit on the score gained per
    /// rollout spent on each component, instead of round-robin.</summary>
    /// <value>The default is <see langword="null"/>: on under <see cref="BudgetPolicy.Adaptive"/>. Has no effect with one
    /// component or with <see cref="ComponentSelection.All"/>.</value>
    public bool? BanditComponentSelection { get; set; }

    /// <summary>Gets or sets whether merges are tried when the front holds candidates that win on different examples,
    /// instead of after every accepted candidate.</summary>
    /// <value>The default is <see langword="null"/>: on under <see cref="BudgetPolicy.Adaptive"/>. When on, merges run
    /// whether or not <see cref="GepaOptions.UseMerge"/> is set, capped by <see cref="MaxMergeBudgetShare"/> instead of
    /// <see cref="GepaOptions.MaxMergeInvocations"/>. Has no effect with one component, where a merge can only copy a
    /// parent.</value>
    public bool? DiversityMerge { get; set; }

    /// <summary>Gets or sets whether minibatches are drawn from the training examples the parent is not known to pass,
    /// and a child's minibatch evaluation stops once the child can no longer be accepted.</summary>
    /// <value>The default is <see langword="null"/>: on under <see cref="BudgetPolicy.Adaptive"/>. The parent's score on
    /// an example is predicted from its own or its nearest ancestor's observed training scores. A child is scored
    /// first on the examples its parent failed; if it is not ahead there, it cannot be accepted (this assumes no score
    /// exceeds <see cref="GepaOptions.PerfectScore"/>, the metric's maximum) and is not scored on the rest.</value>
    public bool? FocusedMinibatch { get; set; }

    /// <summary>Gets or sets how many training examples the parent is not predicted to pass a focused minibatch takes.
    /// With <see cref="MinibatchGuards"/> this is the focused minibatch's size, which takes the place of
    /// <see cref="GepaOptions.MinibatchSize"/> while the focused minibatch is on.</summary>
    /// <value>The default is 6 (<see cref="AdaptiveBudgetConstants.DefaultFocusedFailures"/>); at least 1.</value>
    public int FocusedFailures { get; set; } = AdaptiveBudgetConstants.DefaultFocusedFailures;

    /// <summary>Gets or sets how many training examples the parent is predicted to pass a focused minibatch includes, so
    /// that a child that breaks what its parent did is caught before it is raced.</summary>
    /// <value>The default is 1 (<see cref="AdaptiveBudgetConstants.DefaultMinibatchGuards"/>); at least 0.</value>
    public int MinibatchGuards { get; set; } = AdaptiveBudgetConstants.DefaultMinibatchGuards;

    /// <summary>Gets or sets the smallest first racing stage, in validation examples.</summary>
    /// <value>The default is 2 (<see cref="AdaptiveBudgetConstants.DefaultMinFirstStage"/>); at least 1.</value>
    public int MinFirstStage { get; set; } = AdaptiveBudgetConstants.DefaultMinFirstStage;

    /// <summary>Gets or sets the largest first racing stage, in validation examples.</summary>
    /// <value>The default is 10 (<see cref="AdaptiveBudgetConstants.DefaultMaxFirstStage"/>); at least
    /// <see cref="MinFirstStage"/>.</value>
    public int MaxFirstStage { get; set; } = AdaptiveBudgetConstants.DefaultMaxFirstStage;

    /// <summary>Gets or sets the first racing stage used before any race has measured how much scores move.</summary>
    /// <value>The default is 5 (<see cref="AdaptiveBudgetConstants.DefaultInitialFirstStage"/>); at least 1, clamped to
    /// [<see cref="MinFirstStage"/>, <see cref="MaxFirstStage"/>].</value>
    public int InitialFirstStage { get; set; } = AdaptiveBudgetConstants.DefaultInitialFirstStage;

    /// <summary>Gets or sets how many disagreements with the leader the first stage should expect: the first stage is
    /// this divided by the recent rate of disagreement (how much validation scores have been moving), clamped to
    /// [<see cref="MinFirstStage"/>, <see cref="MaxFirstStage"/>].</summary>
    /// <value>The default is 1 (<see cref="AdaptiveBudgetConstants.DefaultTargetDisagreements"/>); above 0.</value>
    public double TargetDisagreements { get; set; } = AdaptiveBudgetConstants.DefaultTargetDisagreements;

    /// <summary>Gets or sets the factor by which each racing stage grows the evaluated part of the valset.</summary>
    /// <value>The default is 2 (<see cref="AdaptiveBudgetConstants.DefaultStageGrowth"/>); above 1.</value>
    public double StageGrowth { get; set; } = AdaptiveBudgetConstants.DefaultStageGrowth;

    /// <summary>Gets or sets the one-sided z with which a race stops a challenger: when its net loss against the leader
    /// on the examples scored so far exceeds z times its standard error.</summary>
    /// <value>The default is 0.5 (<see cref="AdaptiveBudgetConstants.DefaultLossConfidence"/>): one net loss; at least 0.
    /// Raise it for a noisy metric.</value>
    public double LossConfidence { get; set; } = AdaptiveBudgetConstants.DefaultLossConfidence;

    /// <summary>Gets or sets the one-sided z with which a race declares the challenger the winner: when its net win
    /// against the leader exceeds z times its standard error, it becomes the leader and its full evaluation is
    /// deferred to the end of the run.</summary>
    /// <value>The default is 0.5 (<see cref="AdaptiveBudgetConstants.DefaultWinConfidence"/>): one net win; at least 0.</value>
    public double WinConfidence { get; set; } = AdaptiveBudgetConstants.DefaultWinConfidence;

    /// <summary>Gets or sets the number of scored examples after which a challenger that is not ahead of the leader
    /// stops.</summary>
    /// <value>The default is 20 (<see cref="AdaptiveBudgetConstants.DefaultTieLimit"/>); at least 1.</value>
    public int TieLimit { get; set; } = AdaptiveBudgetConstants.DefaultTieLimit;

    /// <summary>Gets or sets the weight of the newest race in the moving average of the disagreement rate.</summary>
    /// <value>The default is 0.3 (<see cref="AdaptiveBudgetConstants.DefaultMovementSmoothing"/>); in (0, 1].</value>
    public double MovementSmoothing { get; set; } = AdaptiveBudgetConstants.DefaultMovementSmoothing;

    /// <summary>Gets or sets the bandit's exploration weight.</summary>
    /// <value>The default is 1 (<see cref="AdaptiveBudgetConstants.DefaultBanditExploration"/>); at least 0 (0 retries
    /// a component that stopped paying only when the others pay nothing either).</value>
    public double BanditExploration { get; set; } = AdaptiveBudgetConstants.DefaultBanditExploration;

    /// <summary>Gets or sets the factor by which the bandit's record of every component is discounted at each
    /// proposal.</summary>
    /// <value>The default is 0.9 (<see cref="AdaptiveBudgetConstants.DefaultBanditDiscount"/>); in (0, 1] (1 never
    /// forgets).</value>
    public double BanditDiscount { get; set; } = AdaptiveBudgetConstants.DefaultBanditDiscount;

    /// <summary>Gets or sets the share of their shared validation examples that each of two front candidates must win
    /// against the other for a merge to be tried.</summary>
    /// <value>The default is 0.05 (<see cref="AdaptiveBudgetConstants.DefaultMergeDiversityThreshold"/>); in (0, 0.5].</value>
    public double MergeDiversityThreshold { get; set; } = AdaptiveBudgetConstants.DefaultMergeDiversityThreshold;

    /// <summary>Gets or sets the largest share of the rollouts spent so far that merges may have taken.</summary>
    /// <value>The default is 0.2 (<see cref="AdaptiveBudgetConstants.DefaultMaxMergeBudgetShare"/>); in [0, 1].</value>
    public double MaxMergeBudgetShare { get; set; } = AdaptiveBudgetConstants.DefaultMaxMergeBudgetShare;
}
