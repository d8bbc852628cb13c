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
        postgres.RequireOrSkip();
        await using var cluster = await Cluster.StartAsync(postgres, "killed_worker");
        var started = await cluster.Client.StartAsync("killed-worker", SimulatedDefinition);
        var victim = cluster.Workers.First(w => w.SiloName != started.Host);
        while ((await cluster.Client.GetStatusAsync("killed-worker")).Counters.Rollouts < cluster.Local.TotalMetricCalls / 3)
        {
            await Task.Delay(20, cluster.Token);
        }

        victim.Kill();
        var status = await cluster.Client.WaitAsync("killed-worker", TimeSpan.FromMilliseconds(100), cancellationToken: cluster.Token);

        Log(status);
        Assert.Equal(GepaRunState.Completed, status.State);
        ClusterWorld.AssertSameRun(cluster.Local, status.Summary!);
        Assert.Equal(cluster.Local.TotalMetricCalls, status.Counters.Rollouts);
        Assert.Equal(cluster.Local.TotalMetricCalls, await LedgerRowsAsync(cluster.Connection, "killed-worker"));
        Assert.Equal(status.Counters.Executions - status.Counters.Rollouts, status.Counters.WastedExecutions);
    }

    [Fact]
    public async Task Worker_RunHostProcessKilledMidRun_RunResumesElsewhereWithSameResult()
    {
        postgres.RequireOrSkip();
        await using var cluster = await Cluster.StartAsync(postgres, "killed_host");
        await cluster.Client.StartAsync("killed-host", SimulatedDefinition);
        GepaRunStatus status;
        while ((status = await cluster.Client.GetStatusAsync("killed-host")).Iteration < 3)
        {
            await Task.Delay(20, cluster.Token);
        }

        var victim = cluster.Workers.Single(w => w.SiloName == status.Host);
        victim.Kill();
        status = await cluster.Client.WaitAsync("killed-host", TimeSpan.FromMilliseconds(100), cancellationToken: cluster.Token);

        Log(status);
        Assert.Equal(GepaRunState.Completed, status.State);
        Assert.True(status.Resumes >= 1, "the run never resumed");
        Assert.NotEqual(victim.SiloName, status.Host);
        ClusterWorld.AssertSameRun(cluster.Local, status.Summary!);
        Assert.Equal(cluster.Local.TotalMetricCalls, status.Counters.Rollouts);
        Assert.Equal(cluster.Local.TotalMetricCalls, await LedgerRowsAsync(cluster.Connection, "killed-host"));
        // Every rollout the dead host dispatched is in the executions, so what it lost is counted as wasted.
        var dispatched = await new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(cluster.Connection)).CountExecutionsAsync("killed-host", CancellationToken.None);
        Assert.Equal(dispatched, status.Counters.Executions);
        Assert.Equal(status.Counters.Executions - status.Counters.Rollouts, status.Counters.WastedExecutions);
    }

    /// <summary>The CLI's RuleWorld definition: the same world and settings as <see cref="ClusterWorld"/>'s local run.</summary>
    private const string SimulatedDefinition = "ruleworld";

    private static async Task<long> LedgerRowsAsync(string connection, string runId) =>
        await new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(connection)).CountAsync(runId, CancellationToken.None);

    private static void Log(GepaRunStatus s) => TestContext.Current.TestOutputHelper?.WriteLine(
        $"state {s.State} error {s.Error}; host {s.Host}; resumes {s.Resumes}; rollouts {s.Counters.Rollouts}, executions {s.Counters.Executions}, wasted {s.Counters.WastedExecutions}, duplicates {s.Counters.Duplicates}");

    /// <summary>A fresh database, the local run to compare with, three worker processes and a client, all within
    /// <see cref="Limit"/>; disposing stops the client and the workers (a worker still running shows its output).</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly CancellationTokenSource _limit;
        private readonly IHost _host;

        private Cluster(string connection, GepaRunSummary local, CancellationTokenSource limit, List<WorkerProcess> workers, IHost host)
        {
            (Connection, Local, _limit, Workers, _host) = (connection, local, limit, workers, host);
            Client = new GepaClusterClient(host.Services.GetRequiredService<IClusterClient>());
        }

        public string Connection { get; }

        public GepaRunSummary Local { get; }

        public List<WorkerProcess> Workers { get; }

        public GepaClusterClient Client { get; }

        public CancellationToken Token => _limit.Token;

        public static async Task<Cluster> StartAsync(PostgresServer postgres, string database)
        {
            var ct = TestContext.Current.CancellationToken;
            var connection = await postgres.CreateDatabaseAsync(database);
            var local = await ClusterWorld.LocalRunAsync(ct);
            var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Limit);

            // The first worker installs the schema; the others start once it is there.
            var workers = new List<WorkerProcess> { await WorkerProcess.StartAsync(connection, LatencyMs, limit.Token) };
            try
            {
                workers.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => WorkerProcess.StartAsync(connection, LatencyMs, limit.Token))));
                return new Cluster(connection, local, limit, workers, await ClientAsync(connection, limit.Token));
            }
            catch
            {
                Stop(workers);
                limit.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _host.StopAsync(CancellationToken.None);
                _host.Dispose();
            }
            finally
            {
                Stop(Workers);
                _limit.Dispose();
            }
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
    }
}
