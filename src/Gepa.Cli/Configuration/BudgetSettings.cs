namespace Gepa.Cli.Configuration;

/// <summary>The validated <c>budget</c> section: the budget policy and the adaptive policy's parts and parameters.
/// Unset values keep the engine's defaults (<c>AdaptiveBudgetOptions</c>).</summary>
internal sealed record BudgetSettings
{
    /// <summary>Gets the policy word (fixed, adaptive).</summary>
    public string Policy { get; init; } = "adaptive";

    /// <summary>Gets whether adaptive validation is on, or <see langword="null"/> to follow the policy.</summary>
    public bool? AdaptiveValidation { get; init; }

    /// <summary>Gets whether the component bandit is on, or <see langword="null"/> to follow the policy.</summary>
    public bool? BanditComponents { get; init; }

    /// <summary>Gets whether the diversity-triggered merge is on, or <see langword="null"/> to follow the policy.</summary>
    public bool? DiversityMerge { get; init; }

    /// <summary>Gets whether the focused minibatch is on, or <see langword="null"/> to follow the policy.</summary>
    public bool? FocusedMinibatch { get; init; }

    /// <summary>Gets the number of examples the parent fails in a focused minibatch.</summary>
    public int? FocusedFailures { get; init; }

    /// <summary>Gets the number of guard examples in a focused minibatch.</summary>
    public int? MinibatchGuards { get; init; }

    /// <summary>Gets the smallest first racing stage.</summary>
    public int? MinFirstStage { get; init; }

    /// <summary>Gets the largest first racing stage.</summary>
    public int? MaxFirstStage { get; init; }

    /// <summary>Gets the first racing stage before any race.</summary>
    public int? InitialFirstStage { get; init; }

    /// <summary>Gets the disagreements the first stage should expect.</summary>
    public double? TargetDisagreements { get; init; }

    /// <summary>Gets the growth factor of racing stages.</summary>
    public double? StageGrowth { get; init; }

    /// <summary>Gets the z that stops a losing challenger.</summary>
    public double? LossConfidence { get; init; }

    /// <summary>Gets the z that crowns a winning challenger.</summary>
    public double? WinConfidence { get; init; }

    /// <summary>Gets the examples after which a challenger not ahead stops.</summary>
    public int? TieLimit { get; init; }

    /// <summary>Gets the weight of the newest race in the disagreement average.</summary>
    public double? MovementSmoothing { get; init; }

    /// <summary>Gets the bandit's exploration weight.</summary>
    public double? BanditExploration { get; init; }

    /// <summary>Gets the bandit's discount.</summary>
    public double? BanditDiscount { get; init; }

    /// <summary>Gets the diversity that triggers a merge.</summary>
    public double? MergeDiversityThreshold { get; init; }

    /// <summary>Gets the share of rollouts merges may take.</summary>
    public double? MaxMergeBudgetShare { get; init; }
}
