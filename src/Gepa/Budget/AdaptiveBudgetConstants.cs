namespace Gepa;

/// <summary>The defaults of <see cref="AdaptiveBudgetOptions"/>, each with the reason for it. The racing and bandit
/// values were chosen on two RuleWorld tuning worlds (seeds <c>tune-1</c> and <c>tune-2</c>), never on the world the
/// benchmark reports; docs/adaptive-budget.md has the search.</summary>
public static class AdaptiveBudgetConstants
{
    /// <summary>How many examples the parent is not predicted to pass a focused minibatch takes: six. Reflection learns
    /// from failures, and every child, whatever it learned, pays for its race; more failures per reflection spread that
    /// cost over more of what there is to learn. On the RuleWorld tuning worlds (40 seeds, eight cells) two, three,
    /// four, six and nine failures with a guard scored 0.750, 0.763, 0.774, 0.797 and 0.804: six is where the curve
    /// flattens. RuleWorld's reflection model folds in every guideline it reads; with a real reflection model that
    /// rewrites worse from many failures at once, lower it.</summary>
    public const int DefaultFocusedFailures = 6;

    /// <summary>How many examples the parent is predicted to pass a focused minibatch includes: one. The rest of the
    /// minibatch is what reflection learns from; one guard catches part of what a child forgot for one rollout of the
    /// parent (and one of the child, only when it fixed something), where racing would pay several. With none, more
    /// forgetful children reached the race; the tuning worlds scored 0.748 against 0.755 (100 seeds).</summary>
    public const int DefaultMinibatchGuards = 1;

    /// <summary>The smallest first racing stage: two examples, so that a challenger that loses at once is stopped after
    /// two rollouts instead of a fixed batch.</summary>
    public const int DefaultMinFirstStage = 2;

    /// <summary>The largest first racing stage: on a plateau candidates differ on few examples, but a first stage of
    /// more than ten is no longer a race; later stages grow geometrically anyway.</summary>
    public const int DefaultMaxFirstStage = 10;

    /// <summary>The first stage before any race has measured how much scores move.</summary>
    public const int DefaultInitialFirstStage = 5;

    /// <summary>How many disagreements with the leader the first stage should expect: one. Cumulative stages waste
    /// nothing when a race goes on, so the first stage only has to be large enough to be likely to show something.</summary>
    public const double DefaultTargetDisagreements = 1.0;

    /// <summary>How much each racing stage grows the evaluated part of the valset: doubling is successive halving's
    /// schedule, and spends at most about twice what an oracle that knew when to stop would have spent.</summary>
    public const double DefaultStageGrowth = 2.0;

    /// <summary>The one-sided z beyond which a net loss against the leader stops a challenger: 0.5, so one net loss
    /// stops it. Most accepted children lost something their parent had (reflection forgets), and stopping them at
    /// once is where racing saves; a wrongly stopped child costs one proposal, never the final result.</summary>
    public const double DefaultLossConfidence = 0.5;

    /// <summary>The one-sided z beyond which a net win makes a challenger the new leader (its full evaluation
    /// deferred): 0.5, symmetric with <see cref="DefaultLossConfidence"/>. Higher values spent more on each winner
    /// and did worse on the tuning worlds; a wrongly crowned leader is caught by the final full evaluation.</summary>
    public const double DefaultWinConfidence = 0.5;

    /// <summary>The number of examples after which a challenger that is not ahead of the leader stops: twenty, a third
    /// of a typical valset, beyond which a tie is unlikely to turn into a win worth its rollouts.</summary>
    public const int DefaultTieLimit = 20;

    /// <summary>The weight of the newest race in the moving average of how often candidates disagree with the
    /// leader: about the last three races count.</summary>
    public const double DefaultMovementSmoothing = 0.3;

    /// <summary>The bandit's exploration weight (UCB1's constant, in units of the pooled gain per rollout).</summary>
    public const double DefaultBanditExploration = 1.0;

    /// <summary>The bandit's discount per proposal: a component's record halves in about seven proposals, so a
    /// component that stopped improving loses its lead quickly and one that starts again is noticed.</summary>
    public const double DefaultBanditDiscount = 0.9;

    /// <summary>The share of shared validation examples that each of two front candidates must win against the other
    /// before a merge is tried: 5% is three examples of sixty.</summary>
    public const double DefaultMergeDiversityThreshold = 0.05;

    /// <summary>The largest share of the rollouts spent so far that merges may have taken: merges are a bet on
    /// combining lineages, and reflection is what finds new behaviour.</summary>
    public const double DefaultMaxMergeBudgetShare = 0.2;
}
