using Gepa.Orleans.Tests.TestUtilities;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gepa.Orleans.Tests.Ledger;

/// <summary>The ledger table on real databases: a SQLite file, and the PostgreSQL server the test starts.</summary>
[Collection(SerialCluster.Name)]
public sealed class AdoNetRolloutLedgerStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task CommitAsync_SqliteSameKeysFromConcurrentDeliveries_EachKeyCommittedOnce()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gepa-ledger-").FullName, "ledger.db");
        try
        {
            var store = new AdoNetRolloutLedgerStore(() => new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=30"));
            await store.EnsureCreatedAsync(TestContext.Current.CancellationToken);
            await AssertExactlyOnceAsync(store, deliveries: 4);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task CommitAsync_PostgresSameKeysFromConcurrentDeliveries_EachKeyCommittedOnce()
    {
        postgres.RequireOrSkip();
        var connection = await postgres.CreateDatabaseAsync("ledger_store");
        var store = new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(connection));
        await store.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        await store.EnsureCreatedAsync(TestContext.Current.CancellationToken); // idempotent
        await AssertExactlyOnceAsync(store, deliveries: 4);
    }

    [Fact]
    public async Task RestoreAsync_DurableLedger_RolloutsAreTheStoresCountAndReplayedKeysAreDuplicates()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gepa-ledger-").FullName, "ledger.db");
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var store = new AdoNetRolloutLedgerStore(() => new SqliteConnection($"Data Source={file};Pooling=False"));
            await store.EnsureCreatedAsync(ct);
            var before = new RolloutLedger(store, "run");
            await before.TryCommitAsync(["a", "b", "c"], ct);

            // The run host died after the checkpoint that counted 2; its successor replays the iteration.
            var after = new RolloutLedger(store, "run");
            await after.RestoreAsync(new RolloutCounters { Rollouts = 2, Executions = 2 }, ct);
            Assert.Equal(3, after.Rollouts);
            Assert.Equal(1, await after.TryCommitAsync(["c", "d"], ct));
            Assert.Equal(4, after.Rollouts);
            Assert.Equal(1, after.Duplicates);
            Assert.Equal(4, await store.CountAsync("run", ct));
            Assert.Equal(0, await store.CountAsync("other", ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreAsync_RunHostDiedWithWorkInFlight_ItsExecutionsCountAsWasted()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gepa-ledger-").FullName, "ledger.db");
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var store = new AdoNetRolloutLedgerStore(() => new SqliteConnection($"Data Source={file};Pooling=False"));
            await store.EnsureCreatedAsync(ct);
            await store.EnsureCreatedAsync(ct); // idempotent
            var dead = new RolloutLedger(store, "run");
            await dead.AddExecutionsAsync(2, ct);
            await dead.TryCommitAsync(["a", "b"], ct);
            dead.EndExecutions(2);
            var checkpoint = dead.Snapshot();

            // After its checkpoint the host dispatched 3 more: 1 came back and was committed, 2 were lost with it.
            await dead.AddExecutionsAsync(3, ct);
            await dead.TryCommitAsync(["c"], ct);

            var successor = new RolloutLedger(store, "run");
            await successor.RestoreAsync(checkpoint, ct);
            Assert.Equal(5, successor.Executions);
            Assert.Equal(3, successor.Rollouts);
            Assert.Equal(2, successor.WastedExecutions);

            // The replayed iteration runs c, d and e again: c is a duplicate, so 3 wasted in all.
            await successor.AddExecutionsAsync(3, ct);
            Assert.Equal(3, successor.InFlight);
            Assert.Equal(2, successor.WastedExecutions);
            await successor.TryCommitAsync(["c", "d", "e"], ct);
            successor.EndExecutions(3);
            Assert.Equal(8, successor.Executions);
            Assert.Equal(5, successor.Rollouts);
            Assert.Equal(3, successor.WastedExecutions);
            Assert.Equal(8, await store.CountExecutionsAsync("run", ct));
            Assert.Equal(0, await store.CountExecutionsAsync("other", ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreAsync_StoreWithoutExecutions_KeepsTheCheckpointsExecutions()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gepa-ledger-").FullName, "ledger.db");
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var store = new AdoNetRolloutLedgerStore(() => new SqliteConnection($"Data Source={file};Pooling=False"));
            await store.EnsureCreatedAsync(ct);
            await new RolloutLedger(store, "run").TryCommitAsync(["a"], ct);

            var successor = new RolloutLedger(store, "run");
            await successor.RestoreAsync(new RolloutCounters { Rollouts = 1, Executions = 4 }, ct);

            Assert.Equal(4, successor.Executions);
            Assert.Equal(3, successor.WastedExecutions);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static async Task AssertExactlyOnceAsync(AdoNetRolloutLedgerStore store, int deliveries)
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = Enumerable.Range(0, 60).Select(i => $"run|1|minibatch|h|train|{i}|0").ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, deliveries).Select(_ => Task.Run(async () =>
        {
            var won = 0;
            for (var i = 0; i < keys.Count; i += 5)
            {
                won += (await store.CommitAsync("run", keys.GetRange(i, 5), ct)).Count(c => c);
            }

            return won;
        }, ct)));

        Assert.Equal(keys.Count, results.Sum());
        Assert.Equal(keys.Count, await store.CountAsync("run", ct));
    }
}
