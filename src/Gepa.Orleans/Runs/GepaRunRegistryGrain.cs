using Orleans.Runtime;

namespace Gepa.Orleans;

/// <summary>Keeps the run ids in grain storage, so the list survives the silo that hosts it.</summary>
internal sealed class GepaRunRegistryGrain(
    [PersistentState("runs", GepaClusterConstants.StorageName)] IPersistentState<List<string>> runs) : Grain, IGepaRunRegistryGrain
{
    /// <inheritdoc/>
    public async Task AddAsync(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (!runs.State.Contains(runId, StringComparer.Ordinal))
        {
            runs.State.Add(runId);
            await runs.WriteStateAsync();
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. runs.State]);
}
