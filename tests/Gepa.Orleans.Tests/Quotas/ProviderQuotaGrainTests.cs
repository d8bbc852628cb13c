using System.Diagnostics;
using Gepa.Orleans.Tests.TestUtilities;

namespace Gepa.Orleans.Tests.Quotas;

/// <summary>The cluster-wide provider limit, held across 3 in-process silos.</summary>
[Collection(SerialCluster.Name)]
public sealed class ProviderQuotaGrainTests
{
    [Fact]
    public async Task LeaseAsync_CallsFromThreeSilos_HoldOneClusterWideRate()
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = await ClusterWorld.StartAsync();
        try
        {
            QuotaProbeFunction.Grants.Clear();
            var started = Stopwatch.GetTimestamp();
            var batches = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => cluster.Client.GetGrain<IRolloutSlotGrain>(i).RunAsync(new RolloutBatchRequest
            {
                RunId = "quota",
                Function = QuotaProbeFunction.Name,
                Components = new Dictionary<string, string>(),
                Split = "train",
                ExampleIds = [0, 1, 2, 3, 4],
                Keys = ["a", "b", "c", "d", "e"],
            })));
            var elapsed = Stopwatch.GetElapsedTime(started);

            var grants = QuotaProbeFunction.Grants.Order().ToList();
            var busiestSecond = grants.Select((t, i) => grants.Skip(i).TakeWhile(u => Stopwatch.GetElapsedTime(t, u) < TimeSpan.FromSeconds(1)).Count()).Max();
            TestContext.Current.TestOutputHelper?.WriteLine($"150 permits at 100/s (burst {ClusterWorld.ProbeLimit.Burst}) took {elapsed.TotalSeconds:F2} s; busiest second {busiestSecond}; silos {string.Join(", ", batches.Select(b => b.Silo).Distinct())}");
            Assert.All(batches, b => Assert.Null(b.Error));
            Assert.Equal(150, grants.Count);
            Assert.True(batches.Select(b => b.Silo).Distinct().Count() >= 2, "the probe batches ran on one silo only");

            // (150 - burst) permits at 100/s need at least 1.4 s, whatever the number of silos asking.
            Assert.True(elapsed >= TimeSpan.FromSeconds(1.3), $"the limit was not held: {elapsed.TotalSeconds:F2} s");
            // At most a second's rate plus one burst, plus the few permits each silo may hold from its last lease.
            Assert.True(busiestSecond <= 100 + ClusterWorld.ProbeLimit.Burst + 10, $"{busiestSecond} permits in one second");
        }
        finally
        {
            await cluster.StopAllSilosAsync(ct);
            await cluster.DisposeAsync();
        }
    }
}
