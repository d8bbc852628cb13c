using Orleans.Concurrency;
using Orleans.Placement;

namespace Gepa.Orleans;

/// <summary>Runs rollout batches through the silo's <see cref="GepaWorker"/>; holds no state.</summary>
/// <param name="worker">This silo's worker.</param>
[RandomPlacement]
[Reentrant]
internal sealed class RolloutSlotGrain(GepaWorker worker) : Grain, IRolloutSlotGrain
{
    /// <inheritdoc/>
    public Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request) => worker.RunAsync(request, CancellationToken.None);
}
