namespace Gepa.Strategies;

/// <summary>The reference's trigger: the schedule says when, and the reference's choice picks a pair of front
/// candidates with a common ancestor.</summary>
public sealed class ScheduledMergeTrigger : IMergeTrigger
{
    /// <inheritdoc/>
    public bool IsDue(IMergeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ScheduleIsDue;
    }

    /// <inheritdoc/>
    public MergePlan? Propose(IMergeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ProposeFromFront();
    }

    /// <inheritdoc/>
    public override string ToString() => nameof(ScheduledMergeTrigger);
}
