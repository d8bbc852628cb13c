namespace Gepa;

/// <summary>Why a run stopped.</summary>
public enum GepaStopReason
{
    /// <summary>The rollout budget was spent (or what is left cannot pay for another proposal).</summary>
    BudgetExhausted,

    /// <summary>A stop condition said so; see the result's stop message.</summary>
    StopCondition,

    /// <summary>The caller's cancellation token was cancelled.</summary>
    Cancelled,

    /// <summary>Too many iterations in a row failed to produce a proposal.</summary>
    ConsecutiveFailures,
}
