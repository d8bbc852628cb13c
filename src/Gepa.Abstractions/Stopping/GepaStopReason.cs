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

    /// <summary>Many iterations in a row spent no rollouts and added nothing (everything they needed was cached):
    /// the search cannot see anything new.</summary>
    NoProgress,

    /// <summary>The run made as many iterations as its iteration bound allows (<c>GepaOptions.MaxIterations</c>, by
    /// default the rollout budget): every iteration counts against it, even one whose rollouts were all cached.</summary>
    IterationLimit,
}
