using Gepa.Strategies;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>The engine's <see cref="IMergeContext"/> for one iteration.</summary>
/// <param name="view">The state view.</param>
/// <param name="state">The run's state.</param>
/// <param name="schedule">The reference's merge schedule.</param>
/// <param name="proposer">The merge proposer.</param>
/// <param name="adaptive">The adaptive policy, or <see langword="null"/>.</param>
/// <param name="logger">The run's logger.</param>
/// <param name="iteration">The iteration number.</param>
internal sealed class MergeContext(IGepaStateView view, GepaState state, MergeSchedule schedule, MergeProposer proposer, AdaptiveController? adaptive, ILogger logger, int iteration)
    : IMergeContext, IInternalMergeContext
{
    /// <inheritdoc/>
    public IGepaStateView State => view;

    /// <inheritdoc/>
    public int Iteration => iteration;

    /// <inheritdoc/>
    public bool ScheduleIsDue => schedule.IsDue;

    /// <inheritdoc/>
    public AdaptiveController? Adaptive => adaptive;

    /// <inheritdoc/>
    public ILogger Logger => logger;

    /// <inheritdoc/>
    public GepaState RunState => state;

    /// <inheritdoc/>
    public MergePlan? ProposeFromFront() => proposer.Propose();

    /// <inheritdoc/>
    public MergePlan? ProposeFromPairs(IReadOnlyList<(int I, int J)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return proposer.Propose(pairs);
    }
}
