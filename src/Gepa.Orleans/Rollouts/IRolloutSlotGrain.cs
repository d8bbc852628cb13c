namespace Gepa.Orleans;

/// <summary>A stateless slot that runs rollout batches on whichever silo it was placed on. Slots are placed at random,
/// not as stateless workers (which always run on the caller's silo), so a run's rollouts spread over the cluster; a
/// slot lost with its silo re-activates elsewhere.</summary>
public interface IRolloutSlotGrain : IGrainWithIntegerKey
{
    /// <summary>Runs one batch through this silo's worker.</summary>
    /// <param name="request">The batch.</param>
    /// <returns>The results.</returns>
    [ResponseTimeout("00:05:00")]
    Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request);
}
