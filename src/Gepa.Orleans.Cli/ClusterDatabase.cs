using System.Reflection;
using Npgsql;

namespace Gepa.Orleans.Cli;

/// <summary>The PostgreSQL database a cluster shares: Orleans' membership and grain-storage tables (Orleans' own
/// scripts, shipped in this tool because Orleans' packages do not carry them) and GEPA's rollout ledger.</summary>
internal static class ClusterDatabase
{
    public const string Invariant = "Npgsql";

    private static readonly string[] s_scripts = ["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql"];

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
