using Microsoft.Extensions.Logging;

namespace Gepa.Orleans;

/// <summary>What a run grain gives a <see cref="IGepaRunDefinition"/>.</summary>
public sealed class GepaClusterRunContext
{
    /// <summary>Gets the run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the checkpoint to resume from, or <see langword="null"/> for a fresh run.</summary>
    public GepaCheckpoint? Checkpoint { get; init; }

    /// <summary>Gets the run's ledger.</summary>
    public required RolloutLedger Ledger { get; init; }

    /// <summary>Gets the cluster's grain factory.</summary>
    public required IGrainFactory Grains { get; init; }

    /// <summary>Gets the callback that persists a checkpoint; hook it to <see cref="GepaCallbacks.OnCheckpoint"/>.</summary>
    public required Func<GepaCheckpoint, ValueTask> SaveCheckpoint { get; init; }

    /// <summary>Gets the logger.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Gets the token that stops the run.</summary>
    public CancellationToken CancellationToken { get; init; }
}
