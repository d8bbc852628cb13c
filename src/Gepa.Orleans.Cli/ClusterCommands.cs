using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Gepa.Orleans.Cli;

/// <summary>The commands of <c>gepa-cluster</c>.</summary>
internal static class ClusterCommands
{
    public const string ConnectionVariable = "GEPA_CLUSTER_CONNECTION";

    private const string Usage = """
        gepa-cluster: GEPA on an Orleans cluster clustered through PostgreSQL.

          gepa-cluster init-db  --connection <postgres>        install the cluster's tables (idempotent)
          gepa-cluster worker   --connection <postgres> [--silo-port 11111] [--gateway-port 30000] [--advertise 127.0.0.1]
                                [--config <gepa.yaml> [--set key=value]... [--rate-limit <calls/s>[:burst]]] [--latency-ms 0] [--max-batches 64] [--max-concurrent-rollouts 32]
                                [--batch-size 5] [--fast-failure-detection]
                                without --config: [--world ruleworld] [--task-url <openai-compatible /v1 url>] [--budget 300] [--seed 3] [--modules 2]
          gepa-cluster run      --connection <postgres> --config <gepa.yaml> [--set key=value]... [--run-id <id>] [--out <dir>] [--compare-local]
          gepa-cluster run      --connection <postgres> --run-id <id> [--definition ruleworld] [--compare-local]
          gepa-cluster status   --connection <postgres>

        The connection string may also come from GEPA_CLUSTER_CONNECTION. A worker started with --config serves that gepa
        configuration (the same file, data and --set overrides on every worker and for the run; API keys come from each
        worker's own environment); --rate-limit holds its task model's calls per second across the whole cluster (give
        every worker the same), halves it on a 429 and pauses every silo for the server's Retry-After. Without --config it serves RuleWorld, a simulation (scripted models, no API key); every
        worker must then get the same world options.
        """;

    private static readonly JsonSerializerOptions s_json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ClusterArguments parsed;
        try
        {
            parsed = ClusterArguments.Parse(args);
        }
        catch (ClusterUsageException ex)
        {
            await stderr.WriteLineAsync($"gepa-cluster: {ex.Message}");
            return 2;
        }

        try
        {
            switch (parsed.Command)
            {
                case "init-db":
                    var installed = await ClusterDatabase.EnsureSchemaAsync(ClusterDatabase.CheckConnectionString(parsed.Require("--connection", ConnectionVariable)), CancellationToken.None);
                    await stdout.WriteLineAsync(installed ? "Installed the cluster's tables." : "The cluster's tables are there already; the ledger table is checked.");
                    return 0;
                case "worker":
                    return await WorkerAsync(parsed, stdout);
                case "run":
                    return await RunCommandAsync(parsed, stdout, stderr);
                case "status":
                    return await StatusAsync(parsed, stdout);
                case "--help" or "-h" or "help":
                    await stdout.WriteLineAsync(Usage);
                    return 0;
                default:
                    await stderr.WriteLineAsync($"gepa-cluster: unknown command '{parsed.Command}'.");
                    await stderr.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ClusterUsageException ex)
        {
            await stderr.WriteLineAsync($"gepa-cluster: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is NpgsqlException or SiloUnavailableException or OrleansException or TimeoutException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"gepa-cluster {parsed.Command}: {ex.GetType().Name}: {ex.Message}");
            if (parsed.Has("--verbose"))
            {
                await stderr.WriteLineAsync(ex.ToString());
            }

            return 1;
        }
    }

    private static SimulatedRuleWorld World(ClusterArguments args)
    {
        var world = args.Get("--world") ?? "ruleworld";
        if (world != "ruleworld")
        {
            throw new ClusterUsageException($"Option --world: unknown world '{world}'; the worker serves 'ruleworld' (a simulation).");
        }

        Uri? taskUrl = null;
        if (args.Get("--task-url") is { } url && !Uri.TryCreate(url, UriKind.Absolute, out taskUrl))
        {
            throw new ClusterUsageException($"Option --task-url must be an absolute URL such as http://127.0.0.1:8080/v1; got '{url}'.");
        }

        return new SimulatedRuleWorld(args.Int("--modules", 2, 1, 16), args.Int("--seed", 3, 0, int.MaxValue), args.Int("--budget", 300, 1, 10_000_000), taskUrl);
    }

    private static async Task<int> WorkerAsync(ClusterArguments args, TextWriter stdout)
    {
        var connection = ClusterDatabase.CheckConnectionString(args.Require("--connection", ConnectionVariable));
        using var configured = args.Get("--config") is { } configPath ? await ConfiguredWorld.LoadAsync(configPath, args.All("--set"), CancellationToken.None) : null;
        if (configured is not null && (args.Has("--world") || args.Has("--task-url") || args.Has("--budget") || args.Has("--seed") || args.Has("--modules")))
        {
            throw new ClusterUsageException("Options --world, --task-url, --budget, --seed and --modules describe the simulated RuleWorld; with --config the configuration file says all of that.");
        }

        var world = configured is null ? World(args) : null;
        var rateLimit = RateLimit(args);
        if (rateLimit is not null && configured is null)
        {
            throw new ClusterUsageException("Option --rate-limit limits the task model of a configuration; give it with --config.");
        }

        var latency = TimeSpan.FromMilliseconds(args.Int("--latency-ms", 0, 0, 600_000));
        var siloPort = args.Int("--silo-port", 11111, 1, 65535);
        var gatewayPort = args.Int("--gateway-port", 30000, 1, 65535);
        var advertise = IPAddress.Parse(args.Get("--advertise") ?? "127.0.0.1");
        var dispatch = new ClusterRolloutOptions
        {
            MaxConcurrentRollouts = args.Int("--max-concurrent-rollouts", GepaClusterConstants.DefaultMaxConcurrentRollouts, 1, 100_000),
            BatchSize = args.Int("--batch-size", GepaClusterConstants.DefaultBatchSize, 1, 10_000),
        };
        await ClusterDatabase.EnsureSchemaAsync(connection, CancellationToken.None);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(args.Has("--verbose") ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Gepa", LogLevel.Information);
        if (!args.Has("--verbose"))
        {
            // Orleans warns about server GC and a slow watchdog on small machines; neither is the user's to act on.
            builder.Logging.AddFilter("Orleans", LogLevel.Error);
        }
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("gepa", "gepa"));
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (ClusterDatabase.Invariant, connection));
            silo.AddAdoNetGrainStorage(GepaClusterConstants.StorageName, o => (o.Invariant, o.ConnectionString) = (ClusterDatabase.Invariant, connection));
            silo.ConfigureEndpoints(advertise, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertise));
            if (args.Has("--fast-failure-detection"))
            {
                // Loopback and tests: a killed silo is declared dead in a few seconds instead of the default 12-14 s.
                silo.Configure<ClusterMembershipOptions>(o => (o.ProbeTimeout, o.NumMissedProbesLimit) = (TimeSpan.FromSeconds(1), 2));
            }

            silo.AddGepaWorker(w =>
            {
                w.MaxConcurrentBatches = args.Int("--max-batches", GepaClusterConstants.DefaultWorkerMaxConcurrentBatches, 1, 100_000);
                if (configured is not null)
                {
                    if (rateLimit is { } limit)
                    {
                        // Every silo declares the same limit; the quota grain named after the task model holds it for all.
                        w.ProviderLimits[configured.Run.TaskModelKey] = limit;
                        w.AddFunction(configured.Name, sp => Delayed(RateLimited(configured, sp.GetRequiredService<ClusterRateLimiter>()), latency));
                    }
                    else
                    {
                        w.AddFunction(configured.Name, _ => Delayed(configured.RolloutFunction(null, null), latency));
                    }
                }
                else
                {
                    w.AddFunction(SimulatedRuleWorld.Function, world!.RolloutFunction(latency));
                }
            });
            silo.AddGepaCoordinator(c =>
            {
                c.LedgerStore = new AdoNetRolloutLedgerStore(() => new NpgsqlConnection(connection));
                if (configured is not null)
                {
                    c.AddDefinition(configured.Name, configured.RunDefinition(dispatch));
                }
                else
                {
                    c.AddDefinition(SimulatedRuleWorld.Definition, world!.RunDefinition(dispatch));
                }
            });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var name = host.Services.GetRequiredService<ILocalSiloDetails>().Name;
        await stdout.WriteLineAsync(configured is not null
            ? $"Worker silo {name} is up on {advertise}:{siloPort} (gateway {gatewayPort}), serving '{configured.Name}' ({configured.Run.ConfigPath}; task model {configured.Run.TaskModelKey}, its key from this machine's environment{(rateLimit is { } r ? $"; at most {r.RatePerSecond:0.###} calls/s across the cluster, burst {r.Burst}" : "")})."
            : $"Worker silo {name} is up on {advertise}:{siloPort} (gateway {gatewayPort}), serving '{SimulatedRuleWorld.Function}' (RuleWorld, a simulation; budget {world!.Budget}, seed {world.Seed}; task model {world.TaskUrl?.ToString() ?? "in process"}).");
        await stdout.FlushAsync();
        await host.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Reads <c>--rate-limit &lt;calls per second&gt;[:burst]</c>: the task model's calls across the whole cluster.</summary>
    private static ProviderLimit? RateLimit(ClusterArguments args)
    {
        if (args.Get("--rate-limit") is not { } text)
        {
            return null;
        }

        var parts = text.Split(':');
        if (parts.Length > 2
            || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) || !(rate > 0) || rate > 1_000_000
            || (parts.Length == 2 && (!int.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _) || int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 1_000_000)))
        {
            throw new ClusterUsageException($"Option --rate-limit must be calls per second above 0, optionally with a burst of at least 1 (for example 5 or 5:10); got '{text}'.");
        }

        var burst = parts.Length == 2 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : Math.Max(1, (int)Math.Ceiling(rate));
        return new ProviderLimit(rate, burst);
    }

    /// <summary>The configuration's rollout function with its task model behind the cluster-wide limit: each attempt
    /// (retries included) takes a permit, and each 429 the retry stage sees is reported with the server's Retry-After,
    /// so every silo slows down and pauses, not just the one that was told.</summary>
    private static IRolloutFunction RateLimited(ConfiguredWorld configured, ClusterRateLimiter limiter)
    {
        var provider = configured.Run.TaskModelKey;
        return configured.RolloutFunction(
            c => new ClusterRateLimitedChatClient(c, limiter, provider),
            async retry =>
            {
                if (retry.StatusCode == 429)
                {
                    await limiter.ReportThrottledAsync(provider, retry.RetryAfter);
                }
            });
    }

    private static IRolloutFunction Delayed(IRolloutFunction function, TimeSpan latency) =>
        latency > TimeSpan.Zero ? new DelayedRolloutFunction(function, latency) : function;

    private static IHost Client(string connection)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("gepa", "gepa"));
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (ClusterDatabase.Invariant, connection));
            // A poll to a silo that just died must fail fast and be retried, not hang for the default 30 s.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        });
        return builder.Build();
    }

    private static async Task<int> RunCommandAsync(ClusterArguments args, TextWriter stdout, TextWriter stderr)
    {
        var connection = ClusterDatabase.CheckConnectionString(args.Require("--connection", ConnectionVariable));
        if (args.Has("--config") && args.Has("--definition"))
        {
            throw new ClusterUsageException("Options --config and --definition exclude each other: a configuration's definition is named after its fingerprint.");
        }

        using var configured = args.Get("--config") is { } configPath ? await ConfiguredWorld.LoadAsync(configPath, args.All("--set"), CancellationToken.None) : null;
        var runId = configured is null ? args.Require("--run-id") : args.Get("--run-id") ?? $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{configured.Run.Fingerprint[..6]}";
        var definition = configured?.Name ?? args.Get("--definition") ?? SimulatedRuleWorld.Definition;
        var outDirectory = args.Get("--out") is { } o ? ResultFiles.CheckDirectory(o) : null;
        await ClusterDatabase.ProbeAsync(connection, CancellationToken.None);
        using var host = Client(connection);
        await host.StartAsync();
        var client = new GepaClusterClient(host.Services.GetRequiredService<IClusterClient>());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GepaRunStatus started;
        try
        {
            started = await client.StartAsync(runId, definition);
        }
        catch (ArgumentException ex) when (configured is not null)
        {
            throw new ClusterUsageException($"No worker silo serves this configuration (definition '{definition}'): start the workers with --config {configured.Run.ConfigPath} and the same data and --set overrides. The cluster said: {ex.Message}");
        }

        await stderr.WriteLineAsync($"Run {runId} ({definition}) is {started.State} on silo {started.Host}.");
        var last = -1;
        var status = await client.WaitAsync(runId, TimeSpan.FromMilliseconds(500), s =>
        {
            if (s.Iteration != last)
            {
                last = s.Iteration;
                stderr.WriteLine($"  iteration {s.Iteration}: {s.Counters.Rollouts} rollouts, {s.Counters.Executions} executions, {s.Counters.WastedExecutions} wasted (host {s.Host})");
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        await stderr.WriteLineAsync($"Run {runId} {status.State} in {seconds:0.0} s: {status.Counters.Rollouts} rollouts ({status.Counters.Rollouts / seconds:0.00}/s), {status.Counters.Executions} executions, {status.Counters.WastedExecutions} wasted, {status.Counters.InputTokens + status.Counters.OutputTokens} tokens, {status.Resumes} resumes.");
        await stdout.WriteLineAsync(JsonSerializer.Serialize(status, s_json));
        if (outDirectory is not null && status.Summary is { } finished)
        {
            ResultFiles.Write(outDirectory, status, finished, s_json);
            await stderr.WriteLineAsync($"Wrote {Path.Combine(outDirectory, ResultFiles.Result)} and {Path.Combine(outDirectory, ResultFiles.BestCandidate)}.");
        }

        if (args.Has("--compare-local") && status.Summary is { } summary && (configured is not null || definition == SimulatedRuleWorld.Definition))
        {
            var local = configured is not null ? await configured.RunLocallyAsync(CancellationToken.None) : await World(args).RunLocallyAsync(CancellationToken.None);
            var same = JsonSerializer.Serialize(local, s_json) == JsonSerializer.Serialize(summary, s_json);
            await stderr.WriteLineAsync(same ? "The cluster run equals the local run byte for byte." : "The cluster run DIFFERS from the local run.");
            if (!same)
            {
                return 1;
            }
        }

        await host.StopAsync();
        return status.State == GepaRunState.Completed ? 0 : 1;
    }

    private static async Task<int> StatusAsync(ClusterArguments args, TextWriter stdout)
    {
        var connection = ClusterDatabase.CheckConnectionString(args.Require("--connection", ConnectionVariable));
        await ClusterDatabase.ProbeAsync(connection, CancellationToken.None);
        using var host = Client(connection);
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var silos = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        await stdout.WriteLineAsync($"{silos.Length} active silo(s):");
        foreach (var silo in silos.OrderBy(s => s.SiloName, StringComparer.Ordinal))
        {
            await stdout.WriteLineAsync($"  {silo.SiloName}  {silo.SiloAddress}  {silo.Status}  started {silo.StartTime:u}");
        }

        var client = new GepaClusterClient(grains);
        var runs = await client.ListRunsAsync();
        await stdout.WriteLineAsync($"{runs.Count} run(s):");
        foreach (var id in runs)
        {
            var s = await client.GetStatusAsync(id);
            await stdout.WriteLineAsync($"  {id}  {s.Definition}  {s.State}  iteration {s.Iteration}  {s.Counters.Rollouts} rollouts / {s.Counters.Executions} executions ({s.Counters.WastedExecutions} wasted)  host {s.Host}  resumes {s.Resumes}");
        }

        await host.StopAsync();
        return 0;
    }
}
