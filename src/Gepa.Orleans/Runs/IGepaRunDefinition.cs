namespace Gepa.Orleans;

/// <summary>A run the coordinator silos know by name: its adapter's coordinator half, reflection model, settings and
/// data. The run grain calls it to run (or resume) the GEPA loop with the cluster executor.</summary>
public interface IGepaRunDefinition
{
    /// <summary>Runs the optimization, resuming from <see cref="GepaClusterRunContext.Checkpoint"/> when there is one.</summary>
    /// <param name="context">The run's id, checkpoint, ledger, grain factory and cancellation.</param>
    /// <returns>The result.</returns>
    Task<GepaResult> RunAsync(GepaClusterRunContext context);
}
