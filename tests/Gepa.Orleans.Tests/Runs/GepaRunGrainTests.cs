using Gepa.Orleans.Tests.TestUtilities;
using Orleans.TestingHost;

namespace Gepa.Orleans.Tests.Runs;

/// <summary>Runs owned by a grain on an in-process 3-silo cluster, against the same run done locally.</summary>
[Collection(SerialCluster.Name)]
public sealed class GepaRunGrainTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private const int MinVictimRollouts = 20;

    [Fact]
    public async Task StartAsync_RuleWorld_SameResultAsLocalAndBudgetCommittedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var local = await ClusterWorld.LocalRunAsync(ct);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cluster = await ClusterWorld.StartAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"deployed {sw.Elapsed}");
        try
        {
            var client = new GepaClusterClient(cluster.Client);
            await client.StartAsync("plain", ClusterWorld.Definition);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Limit);
            var status = await client.WaitAsync("plain", Poll, cancellationToken: limit.Token);

            Assert.Equal(GepaRunState.Completed, status.State);
            ClusterWorld.AssertSameRun(local, status.Summary!);
            Assert.Equal(local.TotalMetricCalls, status.Counters.Rollouts);
            Assert.Equal(0, status.Counters.Duplicates);
            Assert.Equal(status.Counters.Rollouts, status.Counters.Executions);
            var spread = cluster.Silos.Select(s => ClusterWorld.WorkerOf(s).Rollouts).ToList();
            Assert.Equal(status.Counters.Executions, spread.Sum());
            Assert.True(spread.Count(n => n > 0) >= 2, $"rollouts ran on only one silo: {string.Join(", ", spread)}");
        }
        finally
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"ran {sw.Elapsed}");
            await cluster.StopAllSilosAsync(ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"stopped {sw.Elapsed}");
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartAsync_WorkerSiloKilledMidRun_SameResultAndEveryRolloutCommittedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var local = await ClusterWorld.LocalRunAsync(ct);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cluster = await ClusterWorld.StartAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"deployed {sw.Elapsed}");
        try
        {
            var client = new GepaClusterClient(cluster.Client);
            var started = await client.StartAsync("killed-worker", ClusterWorld.Definition);
            // Slot grains are placed at random, so a given silo may get a small share of the rollouts: the victim is the
            // busiest silo that neither hosts the run nor holds the membership table, chosen once a third of the budget
            // is spent. (Waiting for one silo picked in advance to reach a fixed count once waited out the limit.)
            var candidates = cluster.SecondarySilos.Where(s => s.SiloAddress.ToString() != started.Host && s.Name != started.Host).ToList();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Limit);
            SiloHandle victim;
            while (true)
            {
                var now = await client.GetStatusAsync("killed-worker");
                victim = candidates.MaxBy(s => ClusterWorld.WorkerOf(s).Rollouts)!;
                if (now.Counters.Rollouts >= local.TotalMetricCalls / 3 && ClusterWorld.WorkerOf(victim).Rollouts >= MinVictimRollouts)
                {
                    break;
                }

                // Fail at once, with the counters, when the run ends before the kill could happen mid-run.
                Assert.False(now.IsFinished, $"The run ended ({now.State}, {now.Counters.Rollouts} rollouts) before a worker silo held {MinVictimRollouts} rollouts: {string.Join(", ", cluster.Silos.Select(s => $"{s.Name} {ClusterWorld.WorkerOf(s).Rollouts}"))}");
                await Task.Delay(10, limit.Token);
            }

            await cluster.KillSiloAsync(victim, ct);
            var status = await client.WaitAsync("killed-worker", Poll, cancellationToken: limit.Token);

            TestContext.Current.TestOutputHelper?.WriteLine($"state {status.State} error {status.Error}; rollouts {status.Counters.Rollouts}, executions {status.Counters.Executions}, wasted {status.Counters.WastedExecutions}; iterations {status.Summary?.Iterations}");
            Assert.Equal(GepaRunState.Completed, status.State);
            ClusterWorld.AssertSameRun(local, status.Summary!);
            Assert.Equal(local.TotalMetricCalls, status.Counters.Rollouts);
            Assert.True(status.Counters.Executions >= status.Counters.Rollouts);
            Assert.Equal(status.Counters.Executions - status.Counters.Rollouts, status.Counters.WastedExecutions);
            Assert.Equal(2, cluster.Silos.Count);
        }
        finally
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"ran {sw.Elapsed}");
            await cluster.StopAllSilosAsync(ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"stopped {sw.Elapsed}");
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetStatusAsync_RunHostKilledMidRun_ResumesFromCheckpointWithSameResult()
    {
        var ct = TestContext.Current.CancellationToken;
        var local = await ClusterWorld.LocalRunAsync(ct);
        var cluster = await ClusterWorld.StartAsync();
        try
        {
            var client = new GepaClusterClient(cluster.Client);

            // The primary silo holds the test cluster's membership table, so the run must live on a secondary.
            string runId;
            string hostName;
            var attempt = 0;
            do
            {
                runId = $"killed-host-{attempt++}";
                hostName = (await client.GetStatusAsync(runId)).Host;
            }
            while (hostName == cluster.Primary!.Name);

            await client.StartAsync(runId, ClusterWorld.Definition);
            var host = cluster.SecondarySilos.Single(s => s.Name == hostName);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Limit);
            while ((await client.GetStatusAsync(runId)) is { Iteration: < 3 } st)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"{st.State} {st.Iteration} {st.Counters.Rollouts} {st.Error} {st.Host}");
                await Task.Delay(200, limit.Token);
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"kill {host.Name}");
            await cluster.KillSiloAsync(host, ct);
            TestContext.Current.TestOutputHelper?.WriteLine("killed");
            var status = await client.WaitAsync(runId, Poll, s => TestContext.Current.TestOutputHelper?.WriteLine($"{s.State} {s.Iteration} {s.Counters.Rollouts} {s.Host}"), limit.Token);

            TestContext.Current.TestOutputHelper?.WriteLine($"state {status.State} error {status.Error}; resumes {status.Resumes}; rollouts {status.Counters.Rollouts}, executions {status.Counters.Executions}");
            Assert.Equal(GepaRunState.Completed, status.State);
            Assert.Equal(1, status.Resumes);
            Assert.NotEqual(host.Name, status.Host);
            ClusterWorld.AssertSameRun(local, status.Summary!);
            Assert.Equal(local.TotalMetricCalls, status.Counters.Rollouts);
            Assert.True(status.Counters.Executions >= status.Counters.Rollouts);
        }
        finally
        {
            await cluster.StopAllSilosAsync(ct);
            await cluster.DisposeAsync();
        }
    }
}
