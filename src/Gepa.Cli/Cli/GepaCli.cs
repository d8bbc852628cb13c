using System.CommandLine;
using Gepa.Cli.Commands;

namespace Gepa.Cli.Cli;

/// <summary>The <c>gepa</c> command line: builds the command tree and runs one invocation, in-process and testable.</summary>
internal static class GepaCli
{
    /// <summary>Parses and runs <paramref name="args"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (args.Length > 0 && args[0] == "cluster")
        {
            // Everything after 'cluster' (--help included) belongs to the separate gepa-cluster tool.
            return await ClusterCommand.RunAsync(args[1..], env, cancellationToken);
        }

        var root = Build(env, args);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per problem and a pointer to help, instead of the full help text on every typo.
            foreach (var error in parse.Errors)
            {
                await env.Error.WriteLineAsync("error: " + error.Message);
            }

            await env.Error.WriteLineAsync("Run 'gepa --help' (or 'gepa <command> --help') for usage.");
            return ExitCodes.BadInput;
        }

        using var telemetry = Telemetry.CliTelemetry.Start(env.GetEnvironmentVariable);
        using var activity = Telemetry.CliTelemetry.Source.StartActivity("gepa " + (parse.CommandResult.Command.Name ?? ""));
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A file that cannot be read or written is the machine's doing, not a bug of ours: say what the system said.
            // Anything else is a bug of ours: still one line, with the trace only when asked for.
            var what = e is IOException or UnauthorizedAccessException ? "" : "internal error: ";
            await env.Error.WriteLineAsync("error: " + what + new SecretRedactor().Redact(e.Message));
            if (args.Contains("--verbose") || args.Contains("-v"))
            {
                await env.Error.WriteLineAsync(e.ToString());
            }

            return ExitCodes.RunFailed;
        }
    }

    private static RootCommand Build(CliEnvironment env, string[] args)
    {
        var root = new RootCommand("gepa: optimize prompts and other text components with GEPA (reflective evolution with a Pareto front), within a rollout budget.");

        var initPath = new Argument<string>("path") { Description = "The file to write.", DefaultValueFactory = _ => "gepa.yaml" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var init = new Command("init", "Write a commented starter configuration.") { initPath, force };
        init.SetAction(p => InitCommand.Run(p.GetValue(initPath)!, p.GetValue(force), env, new ErrorReporter(env.Error, new SecretRedactor(), verbose: false)));
        root.Add(init);

        var providers = new Command("providers", "List the model providers and the settings each needs.");
        providers.SetAction(_ => ProvidersCommand.Run(env));
        root.Add(providers);

        var config = new Argument<string>("config") { Description = "The configuration file (YAML or JSON)." };
        var set = new Option<string[]>("--set") { Description = "Override a configuration key: --set engine.max-metric-calls=500 (repeatable).", AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the final line." };
        var json = new Option<bool>("--json") { Description = "Print progress as JSON-lines events." };
        var output = new Option<string?>("--out", "-o") { Description = "The run directory (overrides output.directory)." };
        var cluster = new Option<string?>("--cluster") { Description = "Run on an Orleans cluster instead of this machine: the cluster database's PostgreSQL connection string (forwarded to the gepa-cluster tool; its workers serve the same configuration)." };
        var optimize = new Command("optimize", "Run GEPA: evolve the seed candidate within the rollout budget, then write result.json and best_candidate.json.")
        {
            config, set, quiet, json, verbose, output, cluster,
        };
        optimize.Validators.Add(r =>
        {
            if (r.GetValue(quiet) && r.GetValue(json))
            {
                r.AddError("--quiet and --json cannot be used together.");
            }

            if (r.GetValue(cluster) is not null && (r.GetValue(quiet) || r.GetValue(json)))
            {
                r.AddError("--cluster prints the cluster's progress; --quiet and --json are not available with it.");
            }
        });
        optimize.SetAction((p, ct) => OptimizeCommand.RunAsync(
            new OptimizeArguments(p.GetValue(config)!, p.GetValue(set) ?? [], p.GetValue(output), p.GetValue(quiet), p.GetValue(json), p.GetValue(verbose)) { Cluster = p.GetValue(cluster) }, env, ct));
        root.Add(optimize);

        var evalConfig = new Argument<string>("config") { Description = "The configuration file (YAML or JSON)." };
        var candidate = new Option<string>("--candidate", "-c") { Description = "The candidate file: a JSON object of component name to text (best_candidate.json).", Required = true };
        var split = new Option<string>("--split") { Description = "The split to evaluate on.", DefaultValueFactory = _ => "test" };
        split.AcceptOnlyFromAmong("train", "val", "test");
        var evalSet = new Option<string[]>("--set") { Description = "Override a configuration key (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var evalVerbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var evaluate = new Command("evaluate", "Score a candidate on one split of the dataset.") { evalConfig, candidate, split, evalSet, evalVerbose };
        evaluate.SetAction((p, ct) => EvaluateCommand.RunAsync(p.GetValue(evalConfig)!, p.GetValue(candidate)!, p.GetValue(split)!, p.GetValue(evalSet) ?? [], p.GetValue(evalVerbose), env, ct));
        root.Add(evaluate);
        root.Add(ResumeCommand.Create(env));
        root.Add(ReportCommand.Create(env));
        root.Add(DemoCommand.Create(env));
        root.Add(Anything.OptimizeAnythingCommand.Create(env));
        root.Add(MemoryCommand.Create(env));

        AddBench(root, env, args);

        var port = new Option<int>("--port", "-p") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => SimServeCommand.DefaultPort };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535.");
            }
        });
        var host = new Option<string>("--host") { Description = "The address to listen on; * (or 0.0.0.0) for every interface. The server has no authentication.", DefaultValueFactory = _ => "127.0.0.1" };
        var world = new Option<string[]>("--world", "-w") { Description = "A world parameter as key=value (repeatable; several may follow one --world): seed, rules, train, val, test, noise, informative, forget, guess, capacity, skew, modules, reflection, attention, attention-decay, drop-growth, mislead, metric-flip.", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore };
        var serveVerbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var serve = new Command("serve", "Serve the SIMULATED RuleWorld models (rule-world-task, rule-world-reflect) as an OpenAI-compatible API until Ctrl+C.") { port, host, world, serveVerbose };
        var latency = new Option<int>("--latency-ms") { Description = "A delay in milliseconds added to every chat completion, to simulate a remote model (0: none).", DefaultValueFactory = _ => 0 };
        latency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 600_000)
            {
                r.AddError("--latency-ms must be between 0 and 600000.");
            }
        });
        serve.Options.Add(latency);
        serve.SetAction((p, ct) => SimServeCommand.RunAsync(p.GetValue(port), p.GetValue(host)!, p.GetValue(world) ?? [], p.GetValue(serveVerbose), env, ct, TimeSpan.FromMilliseconds(p.GetValue(latency))));
        var sim = new Command("sim", "RuleWorld, the deterministic simulated world for offline demos, tests and benchmarks.") { serve };
        root.Add(sim);
        // Listed for help only: 'gepa cluster …' is forwarded before parsing (see RunAsync).
        root.Add(new Command("cluster", $"Run GEPA on an Orleans cluster (worker, run, status, init-db): forwards to the gepa-cluster tool ({ClusterCommand.InstallCommand})."));
        return root;
    }

    private static void AddBench(RootCommand root, CliEnvironment env, string[] args)
    {
        var configs = new Argument<string[]>("config") { Description = "The configuration file(s); each is run at every budget with every seed.", Arity = ArgumentArity.OneOrMore };
        var seeds = new Option<int>("--seeds") { Description = "The number of engine seeds (0 to N-1) per budget.", DefaultValueFactory = _ => 5 };
        seeds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--seeds must be between 1 and 10000.");
            }
        });
        var budgets = new Option<string[]>("--budgets") { Description = "The budgets in rollouts, comma-separated: --budgets 500,1000,2000.", Required = true, AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };
        budgets.Validators.Add(r =>
        {
            if (ParseBudgets(r.GetValueOrDefault<string[]>() ?? []) is null)
            {
                r.AddError("--budgets must be whole numbers ≥ 1, comma-separated, for example --budgets 500,1000,2000.");
            }
        });
        var output = new Option<string?>("--out", "-o") { Description = "The directory for runs.csv, summary.csv, bench.json and test-score.png (default runs/bench-<UTC time>)." };
        var reference = new Option<string[]>("--reference-curve") { Description = "A CSV of another optimizer's test score by budget (header rollouts,test_score,sd), drawn and tabulated beside ours; one per configuration, in order.", Arity = ArgumentArity.ZeroOrMore };
        var markdown = new Option<string?>("--markdown") { Description = "The markdown file to write the report into; a block with the same --label is replaced, otherwise the report is appended (default benchmarks.md in the output directory)." };
        var label = new Option<string>("--label") { Description = "The report's heading, and the name of its block in the markdown file.", DefaultValueFactory = _ => "benchmark" };
        var parallel = new Option<int>("--parallel") { Description = "How many runs may run at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 256)
            {
                r.AddError("--parallel must be between 1 and 256.");
            }
        });
        var tolerance = new Option<double>("--tolerance") { Description = "How far below the reference a mean test score may fall before the report flags it.", DefaultValueFactory = _ => 0.04 };
        var set = new Option<string[]>("--set") { Description = "Override a configuration key in every configuration (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var sweep = new Option<string?>("--sweep") { Description = "Sweep one configuration key: --sweep engine.minibatch-size=3,5,7 runs every configuration once per value, as variants named config@key=value." };
        sweep.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && ParseSweep(text) is null)
            {
                r.AddError("--sweep must be key=value1,value2,… with a key and at least one value, for example --sweep engine.minibatch-size=3,5,7.");
            }
        });
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the tables, not a line per run." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces with errors." };
        var bench = new Command("bench", "Benchmark: run configurations over N seeds × budgets, score each best candidate on the test split, and report mean ± sd per budget (CSV, JSON, markdown, PNG plot).")
        {
            configs, seeds, budgets, output, reference, markdown, label, parallel, tolerance, set, sweep, quiet, verbose,
        };
        bench.SetAction((p, ct) => BenchCommand.RunAsync(
            new BenchArguments
            {
                Configs = p.GetValue(configs)!,
                Seeds = p.GetValue(seeds),
                Budgets = ParseBudgets(p.GetValue(budgets)!)!,
                Out = p.GetValue(output),
                ReferenceCurves = p.GetValue(reference) ?? [],
                Markdown = p.GetValue(markdown),
                Label = p.GetValue(label)!,
                Parallel = p.GetValue(parallel),
                Tolerance = p.GetValue(tolerance),
                Overrides = p.GetValue(set) ?? [],
                Sweep = p.GetValue(sweep) is { } sweepText ? ParseSweep(sweepText) : null,
                Quiet = p.GetValue(quiet),
                Verbose = p.GetValue(verbose),
                CommandLine = "gepa " + string.Join(' ', args.Select(Quote)),
            },
            env,
            ct));
        root.Add(bench);
    }

    private static (string Key, IReadOnlyList<string> Values)? ParseSweep(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }

        var values = text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        return values.Count == 0 ? null : (text[..eq].Trim(), values);
    }

    private static List<int>? ParseBudgets(IEnumerable<string> tokens)
    {
        var budgets = new List<int>();
        foreach (var part in tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var b) || b < 1)
            {
                return null;
            }

            budgets.Add(b);
        }

        return budgets.Count == 0 ? null : [.. budgets.Distinct().Order()];
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:+@".Contains(c, StringComparison.Ordinal)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
