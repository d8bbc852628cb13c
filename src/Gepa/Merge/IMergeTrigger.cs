namespace Gepa.Strategies;

/// <summary>Decides when a merge is tried and of which pair: the reference's schedule
/// (<see cref="ScheduledMergeTrigger"/>), the adaptive policy's diversity trigger
/// (<see cref="DiversityDrivenMergeTrigger"/>), or one of your own, set on <c>GepaOptions.MergeTrigger</c>.</summary>
/// <remarks>A trigger of your own decides alone: <c>GepaOptions.UseMerge</c> only turns the reference's schedule on.
/// When a merge is due, its subsample (<c>GepaConstants.DefaultMergeSubsampleSize</c> rollouts) is part of what a strict
/// budget keeps back.</remarks>
public interface IMergeTrigger
{
    /// <summary>Whether a merge is due in this iteration.</summary>
    /// <param name="context">The run.</param>
    /// <returns><see langword="true"/> to try a merge before reflective mutation.</returns>
    bool IsDue(IMergeContext context);

    /// <summary>Proposes the merge, usually through <see cref="IMergeContext.ProposeFromFront"/> or
    /// <see cref="IMergeContext.ProposeFromPairs"/>.</summary>
    /// <param name="context">The run.</param>
    /// <returns>The merge, or <see langword="null"/> when no pair can be merged (the iteration goes on with reflective
    /// mutation).</returns>
    MergePlan? Propose(IMergeContext context);
}
