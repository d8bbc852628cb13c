namespace Gepa.Orleans;

/// <summary>The cluster's list of run ids (one grain, key 0), so that <c>gepa-cluster status</c> can list runs without
/// scanning storage. Run grains add themselves when they start.</summary>
public interface IGepaRunRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Records a run id (idempotent).</summary>
    /// <param name="runId">The run's id.</param>
    /// <returns>A task.</returns>
    Task AddAsync(string runId);

    /// <summary>Lists the run ids in the order they started.</summary>
    /// <returns>The ids.</returns>
    Task<IReadOnlyList<string>> ListAsync();
}
