namespace Gepa;

/// <summary>What one iteration came to.</summary>
internal enum IterationOutcome
{
    /// <summary>A new candidate joined the pool.</summary>
    Accepted,

    /// <summary>A candidate was proposed and turned down.</summary>
    Rejected,

    /// <summary>Nothing was proposed (no traces, a perfect parent, no records).</summary>
    Skipped,

    /// <summary>The reflection failed to produce a proposal.</summary>
    Failed,
}
