namespace Gepa.Orleans;

/// <summary>The worker half of an adapter: runs a candidate on examples it resolves itself (by split and index) and
/// returns scores, outputs and traces as JSON. It is registered by name in each worker silo, so user code and API keys
/// stay on the workers.</summary>
public interface IRolloutFunction
{
    /// <summary>Runs one batch.</summary>
    /// <param name="request">The batch: candidate texts, split, example indexes and keys.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>One result per example, in order, with this attempt's usage; an exception is reported to the run as
    /// the evaluation's error.</returns>
    Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request, CancellationToken cancellationToken);
}
