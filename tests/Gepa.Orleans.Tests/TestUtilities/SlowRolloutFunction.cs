namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>A rollout function that takes <paramref name="latency"/> per example before the real one answers, as a
/// remote model would.</summary>
internal sealed class SlowRolloutFunction(IRolloutFunction inner, TimeSpan latency) : IRolloutFunction
{
    public async Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request, CancellationToken cancellationToken)
    {
        await Task.Delay(latency * request.ExampleIds.Count, cancellationToken);
        return await inner.RunAsync(request, cancellationToken);
    }
}
