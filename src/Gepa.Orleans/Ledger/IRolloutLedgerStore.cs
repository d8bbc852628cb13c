namespace Gepa.Orleans;

/// <summary>Where a run's committed rollout keys live when they must outlive the silo that hosts the run: a database
/// table with one row per (run, key), written insert-if-absent, so a key is committed exactly once however many
/// attempts, silos or resumed run grains deliver its result; and a counter of the run's executions, so that the work
/// a dead run host had dispatched is counted too.</summary>
public interface IRolloutLedgerStore
{
    /// <summary>Commits each key of a run that is not committed yet.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="keys">The logical rollout keys.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>For each key, <see langword="true"/> when this call committed it, <see langword="false"/> when it was
    /// committed before.</returns>
    Task<IReadOnlyList<bool>> CommitAsync(string runId, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Counts a run's committed keys: the budget the run has spent.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The count.</returns>
    Task<long> CountAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Adds to a run's executions: rollouts dispatched to workers, recorded before they are sent, so that the
    /// work of a run host that dies is still counted (as wasted) by the host that resumes the run.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="count">How many rollouts were dispatched.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task.</returns>
    Task AddExecutionsAsync(string runId, long count, CancellationToken cancellationToken);

    /// <summary>Counts a run's executions, by every host the run has had.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The count (0 for a run that dispatched nothing).</returns>
    Task<long> CountExecutionsAsync(string runId, CancellationToken cancellationToken);
}
