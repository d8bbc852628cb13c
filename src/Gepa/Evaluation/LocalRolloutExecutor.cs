namespace Gepa;

/// <summary>Runs rollout requests in this process, each as one adapter call, all requests of a call concurrently.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="adapter">The system being optimized.</param>
public sealed class LocalRolloutExecutor<TExample>(IGepaAdapter<TExample> adapter) : IRolloutExecutor<TExample>
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutOutcome>> ExecuteAsync(IReadOnlyList<RolloutRequest<TExample>> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 1)
        {
            return [await RunAsync(requests[0], cancellationToken)];
        }

        return await Task.WhenAll(requests.Select(r => RunAsync(r, cancellationToken)));
    }

    private async Task<RolloutOutcome> RunAsync(RolloutRequest<TExample> request, CancellationToken cancellationToken)
    {
        try
        {
            return new RolloutOutcome(await adapter.EvaluateAsync(request.Examples, request.Candidate, request.CaptureTraces, cancellationToken), null);
        }
#pragma warning disable CA1031 // The evaluator applies the run's error policy to whatever the adapter threw.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new RolloutOutcome(null, ex);
        }
    }
}
