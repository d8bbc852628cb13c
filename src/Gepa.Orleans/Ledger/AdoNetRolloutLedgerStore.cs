using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Gepa.Orleans;

/// <summary>A rollout ledger in a database table, through plain ADO.NET: one row per (run, key) with that pair as the
/// primary key, inserted with <c>INSERT … ON CONFLICT DO NOTHING</c>, so the database (not a check-then-insert in
/// code) decides which delivery of a key commits it; and a second table with each run's executions (an upsert that
/// adds), so work dispatched by a run host that died is counted. The statements run unchanged on PostgreSQL (9.5 or later) and
/// SQLite (3.24 or later); the caller supplies the provider's connections, so this package references neither.</summary>
public sealed class AdoNetRolloutLedgerStore : IRolloutLedgerStore
{
    /// <summary>The table the keys are committed to.</summary>
    public const string TableName = "gepa_rollout_ledger";

    private const string CreateSql =
        "CREATE TABLE IF NOT EXISTS " + TableName + " (run_id VARCHAR(200) NOT NULL, rollout_key VARCHAR(1000) NOT NULL, PRIMARY KEY (run_id, rollout_key))";

    private const string InsertSql = "INSERT INTO " + TableName + " (run_id, rollout_key) VALUES (@run, @key) ON CONFLICT DO NOTHING";

    private const string CountSql = "SELECT COUNT(*) FROM " + TableName + " WHERE run_id = @run";

    /// <summary>The table of each run's executions (one row per run).</summary>
    public const string ExecutionsTableName = "gepa_rollout_executions";

    private const string CreateExecutionsSql =
        "CREATE TABLE IF NOT EXISTS " + ExecutionsTableName + " (run_id VARCHAR(200) NOT NULL PRIMARY KEY, executions BIGINT NOT NULL)";

    private const string AddExecutionsSql = "INSERT INTO " + ExecutionsTableName + " (run_id, executions) VALUES (@run, @count) "
        + "ON CONFLICT (run_id) DO UPDATE SET executions = " + ExecutionsTableName + ".executions + excluded.executions";

    private const string CountExecutionsSql = "SELECT COALESCE(MAX(executions), 0) FROM " + ExecutionsTableName + " WHERE run_id = @run";

    private readonly Func<DbConnection> _connect;

    /// <summary>Initializes a store.</summary>
    /// <param name="connect">Makes a new, unopened connection to the database (for example
    /// <c>() =&gt; new NpgsqlConnection(connectionString)</c>).</param>
    public AdoNetRolloutLedgerStore(Func<DbConnection> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        _connect = connect;
    }

    /// <summary>Creates the ledger table when it does not exist.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task.</returns>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = CreateSql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = CreateExecutionsSql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AddExecutionsAsync(string runId, long count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = AddExecutionsSql;
        Parameter(command, "@run", runId);
        var n = command.CreateParameter();
        n.ParameterName = "@count";
        n.DbType = DbType.Int64;
        n.Value = count;
        command.Parameters.Add(n);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> CountExecutionsAsync(string runId, CancellationToken cancellationToken) => QueryCountAsync(CountExecutionsSql, runId, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<bool>> CommitAsync(string runId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(keys);
        var committed = new bool[keys.Count];
        if (keys.Count == 0)
        {
            return committed;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        Parameter(command, "@run", runId);
        var key = Parameter(command, "@key", "");
        for (var i = 0; i < keys.Count; i++)
        {
            key.Value = keys[i];
            committed[i] = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        await transaction.CommitAsync(cancellationToken);
        return committed;
    }

    /// <inheritdoc/>
    public Task<long> CountAsync(string runId, CancellationToken cancellationToken) => QueryCountAsync(CountSql, runId, cancellationToken);

    /// <summary>Runs a count query with <c>@run</c> bound to <paramref name="runId"/>.</summary>
    private async Task<long> QueryCountAsync(string sql, string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Parameter(command, "@run", runId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _connect();
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        return connection;
    }

    private static DbParameter Parameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
