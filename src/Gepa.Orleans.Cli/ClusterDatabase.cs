using System.Reflection;
using Npgsql;

namespace Gepa.Orleans.Cli;

/// <summary>The PostgreSQL database a cluster shares: Orleans' membership and grain-storage tables (Orleans' own
/// scripts, shipped in this tool because Orleans' packages do not carry them) and GEPA's rollout ledger.</summary>
internal static class ClusterDatabase
{
    public const string Invariant = "Npgsql";

    private static readonly string[] s_scripts = ["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql"];

    /// <summary>Checks that a connection string is one PostgreSQL understands, without connecting.</summary>
    /// <returns>The connection string.</returns>
    /// <exception cref="ClusterUsageException">It is not; the message names the option but never echoes the string,
    /// which may hold a password.</exception>
    public static string CheckConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ClusterUsageException("The cluster connection string names no Host; expected a PostgreSQL connection string such as \"Host=db.example;Database=gepa;Username=gepa\" (--connection, --cluster or GEPA_CLUSTER_CONNECTION).");
            }

            return connectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ClusterUsageException($"The cluster connection string is not a PostgreSQL connection string ({ex.Message.Split('\n')[0].Trim()}); expected something such as \"Host=db.example;Database=gepa;Username=gepa\" (--connection, --cluster or GEPA_CLUSTER_CONNECTION).");
        }
    }

    /// <summary>Connects once, so that an unreachable database or one without the cluster's tables is one clear line
    /// instead of an Orleans client that retries for a minute.</summary>
    /// <exception cref="ClusterUsageException">The database cannot be reached or has no cluster.</exception>
    public static async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"host {builder.Host}, port {builder.Port}, database {builder.Database ?? "(default)"}";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var probe = new NpgsqlCommand("SELECT to_regclass('orleansmembershiptable') IS NOT NULL", connection);
            if (!(bool)(await probe.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new ClusterUsageException($"The database ({where}) holds no cluster: start a worker there first (or run gepa-cluster init-db).");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new ClusterUsageException($"Cannot reach the cluster's database ({where}): {ex.Message.Split('\n')[0].Trim()}");
        }
    }

    /// <summary>Creates what is missing; a database that has Orleans' tables already is left as it is.</summary>
    public static async Task<bool> EnsureSchemaAsync(string connectionString, CancellationToken cancellationToken)
    {
        var installed = false;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var probe = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
            var exists = (bool)(await probe.ExecuteScalarAsync(cancellationToken))!;
            if (!exists)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var script in s_scripts)
                {
                    await using var command = new NpgsqlCommand(Read(script), connection, transaction);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                installed = true;
            }
        }

        await new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(connectionString)).EnsureCreatedAsync(cancellationToken);
        return installed;
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Gepa.Orleans.Cli.Sql.{name}")
            ?? throw new InvalidOperationException($"The SQL script {name} is missing from the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
