using Gepa.Orleans.Tests.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Gepa.Orleans.Tests.Cli;

/// <summary>Three <c>gepa-cluster worker</c> processes on loopback, clustered through a real PostgreSQL started by the
/// test; one is killed with SIGKILL mid-run. The run must finish with the local run's result, every rollout committed
/// once in the database's ledger and the budget exact.</summary>
[Collection(SerialCluster.Name)]
public sealed class ClusterCommandsTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const int LatencyMs = 8;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task Worker_WorkerProcessKilledMidRun_SameResultAsLocalAndEachRolloutCommittedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        postgres.RequireOrSkip();
        var connection = await postgres.CreateDatabaseAsync("killed_worker");
        var local = await ClusterWorld.LocalRunAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Limit);
        var workers = await StartWorkersAsync(connection, limit.Token);
        try
        {
            using var host = await ClientAsync(connection, limit.Token);
            var client = new GepaClusterClient(host.Services.GetRequiredService<IClusterClient>());
            var started = await client.StartAsync("killed-worker", SimulatedDefinition);
            var victim = workers.First(w => w.SiloName != started.Host);
            while ((await client.GetStatusAsync("killed-worker")).Counters.Rollouts < local.TotalMetricCalls / 3)
            {
                await Task.Delay(20, limit.Token);
            }

            victim.Kill();
            var status = await client.WaitAsync("killed-worker", TimeSpan.FromMilliseconds(100), cancellationToken: limit.Token);

            Log(status);
            Assert.Equal(GepaRunState.Completed, status.State);
            ClusterWorld.AssertSameRun(local, status.Summary!);
            Assert.Equal(local.TotalMetricCalls, status.Counters.Rollouts);
            Assert.Equal(local.TotalMetricCalls, await LedgerRowsAsync(connection, "killed-worker"));
            Assert.Equal(status.Counters.Executions - status.Counters.Rollouts, status.Counters.WastedExecutions);
            await host.StopAsync(limit.Token);
        }
        finally
        {
            Stop(workers);
        }
    }

    [Fact]
    public async Task Worker_RunHostProcessKilledMidRun_RunResumesElsewhereWithSameResult()
    {
        var ct = TestContext.Current.CancellationToken;
        postgres.RequireOrSkip();
        var connection = await postgres.CreateDatabaseAsync("killed_host");
        var local = await ClusterWorld.LocalRunAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Limit);
        var workers = await StartWorkersAsync(connection, limit.Token);
        try
        {
            using var host = await ClientAsync(connection, limit.Token);
            var client = new GepaClusterClient(host.Services.GetRequiredService<IClusterClient>());
            await client.StartAsync("killed-host", SimulatedDefinition);
            GepaRunStatus status;
            while ((status = await client.GetStatusAsync("killed-host")).Iteration < 3)
            {
                await Task.Delay(20, limit.Token);
            }

            var victim = workers.Single(w => w.SiloName == status.Host);
            victim.Kill();
            status = await client.WaitAsync("killed-host", TimeSpan.FromMilliseconds(100), cancellationToken: limit.Token);

            Log(status);
            Assert.Equal(GepaRunState.Completed, status.State);
            Assert.True(status.Resumes >= 1, "the run never resumed");
            Assert.NotEqual(victim.SiloName, status.Host);
            ClusterWorld.AssertSameRun(local, status.Summary!);
            Assert.Equal(local.TotalMetricCalls, status.Counters.Rollouts);
            Assert.Equal(local.TotalMetricCalls, await LedgerRowsAsync(connection, "killed-host"));
            // Every rollout the dead host dispatched is in the executions, so what it lost is counted as wasted.
            var dispatched = await new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(connection)).CountExecutionsAsync("killed-host", CancellationToken.None);
            Assert.Equal(dispatched, status.Counters.Executions);
            Assert.Equal(status.Counters.Executions - status.Counters.Rollouts, status.Counters.WastedExecutions);
            await host.StopAsync(limit.Token);
        }
        finally
        {
            Stop(workers);
        }
    }

    /// <summary>The CLI's RuleWorld definition: the same world and settings as <see cref="ClusterWorld"/>'s local run.</summary>
    private const string SimulatedDefinition = "ruleworld";

    private static async Task<List<WorkerProcess>> StartWorkersAsync(string connection, CancellationToken ct)
    {
        // The first worker installs the schema; the others start once it is there.
        var workers = new List<WorkerProcess> { await WorkerProcess.StartAsync(connection, LatencyMs, ct) };
        workers.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => WorkerProcess.StartAsync(connection, LatencyMs, ct))));
        return workers;
    }

    private static void Stop(List<WorkerProcess> workers)
    {
        foreach (var w in workers)
        {
            if (!w.HasExited)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"--- {w.SiloName}\n{w.Output}");
            }

            w.Dispose();
        }
    }

    private static async Task<IHost> ClientAsync(string connection, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(c =>
        {
            c.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("gepa", "gepa"));
            c.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connection));
            c.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3));
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        return host;
    }

    private static async Task<long> LedgerRowsAsync(string connection, string runId) =>
        await new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(connection)).CountAsync(runId, CancellationToken.None);

    private static void Log(GepaRunStatus s) => TestContext.Current.TestOutputHelper?.WriteLine(
        $"state {s.State} error {s.Error}; host {s.Host}; resumes {s.Resumes}; rollouts {s.Counters.Rollouts}, executions {s.Counters.Executions}, wasted {s.Counters.WastedExecutions}, duplicates {s.Counters.Duplicates}");
}
