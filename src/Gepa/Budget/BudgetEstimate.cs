namespace Gepa;

/// <summary>A pre-flight estimate of what a rollout budget buys.</summary>
/// <param name="approximateProposals">About how many reflective proposals the budget allows.</param>
/// <param name="explanation">How the estimate was computed, in one sentence.</param>
public readonly struct BudgetEstimate(int approximateProposals, string explanation)
{
    /// <summary>The acceptance rate the estimate assumes: the share of proposals whose child is accepted and so
    /// evaluated on the whole validation set.</summary>
    public const double AssumedAcceptanceRate = 0.3;

    /// <summary>Below this many proposals a run rarely improves much; callers should warn.</summary>
    public const int LowProposalWarningThreshold = 5;

    /// <summary>Gets about how many reflective proposals the budget allows.</summary>
    public int ApproximateProposals { get; } = approximateProposals;

    /// <summary>Gets how the estimate was computed.</summary>
    public string Explanation { get; } = explanation;

    /// <summary>Gets whether the budget is so small that the run is unlikely to improve the seed much.</summary>
    public bool IsLow => ApproximateProposals < LowProposalWarningThreshold;
}
