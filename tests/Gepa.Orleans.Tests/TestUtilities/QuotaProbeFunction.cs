using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>A rollout function that only takes one permit of <see cref="Provider"/> per example and records when it got
/// it, to watch the cluster-wide limit.</summary>
internal sealed class QuotaProbeFunction(ClusterRateLimiter limiter) : IRolloutFunction
{
    public const string Name = "quota-probe";
    public const string Provider = "probe-provider";

    public static ConcurrentQueue<long> Grants { get; } = new();

    public async Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request, CancellationToken cancellationToken)
    {
        var results = new List<RolloutExampleResult>();
        foreach (var _ in request.ExampleIds)
        {
            await limiter.AcquireAsync(Provider, cancellationToken);
            Grants.Enqueue(Stopwatch.GetTimestamp());
            results.Add(new RolloutExampleResult { Score = 1 });
        }

        return new RolloutBatchResult { Results = results };
    }
}
