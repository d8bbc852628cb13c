namespace Gepa.Orleans.Cli;

/// <summary>Adds a simulated model latency per rollout before the real function answers: the RuleWorld simulation
/// answers in microseconds, a remote model in hundreds of milliseconds.</summary>
internal sealed class DelayedRolloutFunction(IRolloutFunction inner, TimeSpan latencyPerRollout) : IRolloutFunction
{
    public async Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request, CancellationToken cancellationToken)
    {
        await Task.Delay(latencyPerRollout * request.ExampleIds.Count, cancellationToken);
        return await inner.RunAsync(request, cancellationToken);
    }
}
