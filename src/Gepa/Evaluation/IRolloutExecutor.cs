namespace Gepa;

/// <summary>Runs rollouts: "evaluate these (candidate, examples) requests". The engine's one rollout evaluator sends
/// every evaluation through it; the local executor calls the adapter in this process, and a distributed executor can
/// run the same requests elsewhere.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <remarks>An executor must return one outcome per request, in request order, and may run requests concurrently. It
/// must not retry a request into a second scored result: the engine counts budget once per returned rollout, keyed
/// by <see cref="RolloutRequest{TExample}.Keys"/>.</remarks>
public interface IRolloutExecutor<TExample>
{
    /// <summary>Evaluates every request.</summary>
    /// <param name="requests">The requests; each is one adapter call on its examples.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>One outcome per request, in request order.</returns>
    Task<IReadOnlyList<RolloutOutcome>> ExecuteAsync(IReadOnlyList<RolloutRequest<TExample>> requests, CancellationToken cancellationToken);
}
