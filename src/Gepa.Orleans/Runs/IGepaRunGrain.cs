namespace Gepa.Orleans;

/// <summary>One optimization run inside the cluster (key: the run id). It owns the GEPA loop, checkpoints at every
/// iteration boundary to grain storage, and resumes from the last checkpoint when re-activated on another silo. Every
/// call is short: start, poll, stop.</summary>
public interface IGepaRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run with a definition registered on the coordinator silos; starting a run that already
    /// started with the same definition only returns its status.</summary>
    /// <param name="definition">The run definition's name.</param>
    /// <returns>The status.</returns>
    Task<GepaRunStatus> StartAsync(string definition);

    /// <summary>Gets the status (and resumes a run whose grain moved).</summary>
    /// <returns>The status.</returns>
    Task<GepaRunStatus> GetStatusAsync();

    /// <summary>Asks the run to stop: the current iteration is abandoned and the result kept.</summary>
    /// <returns>The status.</returns>
    Task<GepaRunStatus> StopAsync();

    /// <summary>Records the engine's checkpoint at an iteration boundary (called by the run's own loop).</summary>
    /// <param name="iteration">The checkpoint's iteration.</param>
    /// <param name="checkpointJson">The checkpoint as JSON.</param>
    /// <param name="counters">The ledger's counters at that moment.</param>
    /// <returns>A task.</returns>
    Task SaveCheckpointAsync(int iteration, string checkpointJson, RolloutCounters counters);

    /// <summary>Records the run's end (called by the run's own loop).</summary>
    /// <param name="state">Completed, stopped or failed.</param>
    /// <param name="summary">The summary, or <see langword="null"/> when it failed.</param>
    /// <param name="failure">Why it failed.</param>
    /// <param name="counters">The final counters.</param>
    /// <returns>A task.</returns>
    Task FinishAsync(GepaRunState state, GepaRunSummary? summary, string? failure, RolloutCounters counters);
}
