using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>A throwaway PostgreSQL server for one test class: initdb into a temp directory, pg_ctl on a free loopback
/// port, torn down (and deleted) afterwards. Found on PATH or under Debian's /usr/lib/postgresql/*/bin. PostgreSQL
/// refuses to run as root, so as root it runs as the 'postgres' user Debian's package creates. Without PostgreSQL the
/// tests using it are skipped with the reason, unless GEPA_REQUIRE_POSTGRES=1 (set by .ci/run): then they fail.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string RequireVariable = "GEPA_REQUIRE_POSTGRES";

    private string? _dir;
    private string? _bin;
    private string? _skip;

    public int Port { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _bin = FindBin();
        if (_bin is null)
        {
            _skip = "PostgreSQL (initdb, pg_ctl) was not found on PATH or under /usr/lib/postgresql/*/bin; install Debian's 'postgresql' package to run this test";
            return;
        }

        _dir = Directory.CreateTempSubdirectory("gepa-pg-").FullName;
        Port = FreePort();
        if (Environment.UserName == "root")
        {
            Run("chown", ["postgres", _dir]);
        }

        RunPg("initdb", ["-D", Path.Combine(_dir, "data"), "-U", "gepa", "--auth=trust", "-E", "UTF8"]);
        RunPg("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off", "start"]);
        await Task.CompletedTask;
    }

    /// <summary>Skips the calling test when there is no PostgreSQL, or fails it when CI requires one.</summary>
    public void RequireOrSkip()
    {
        if (_skip is null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{_skip} ({RequireVariable}=1: CI must run this test).");
        }

        Assert.Skip($"Skipped: {_skip}.");
    }

    /// <summary>Creates a database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        RequireOrSkip();
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=gepa;Database={database};Pooling=true;Maximum Pool Size=50";

    public ValueTask DisposeAsync()
    {
        if (_dir is not null)
        {
            try
            {
                RunPg("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]);
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                Directory.Delete(_dir, recursive: true);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string? FindBin()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        if (path is not null)
        {
            return path;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void RunPg(string tool, string[] args)
    {
        var exe = Path.Combine(_bin!, tool);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        }
        else
        {
            Run(exe, args);
        }
    }

    private static void Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {stdout.Result}{stderr}");
        }
    }
}
