namespace Gepa;

/// <summary>Decides when a merge is tried and of which pair.</summary>
internal interface IMergeTrigger
{
    /// <summary>Gets whether a merge is due now.</summary>
    bool IsDue { get; }

    /// <summary>Proposes a merge.</summary>
    /// <param name="number">The iteration number.</param>
    /// <returns>The merge, or <see langword="null"/> when no pair can be merged.</returns>
    MergePlan? Propose(int number);
}
