namespace Gepa;

/// <summary>The reference's trigger: the schedule says when, and the proposer picks a pair of front candidates with
/// a common ancestor.</summary>
/// <param name="schedule">The merge schedule.</param>
/// <param name="proposer">The merge proposer.</param>
internal sealed class ScheduledMergeTrigger(MergeSchedule schedule, MergeProposer proposer) : IMergeTrigger
{
    /// <inheritdoc/>
    public bool IsDue => schedule.IsDue;

    /// <inheritdoc/>
    public MergePlan? Propose(int number) => proposer.Propose();
}
