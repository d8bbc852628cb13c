using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Gepa.Cli.Benchmarks;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Output;
using Gepa.Cli.Providers;
using Gepa.Simulation;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa bench &lt;config&gt;… --seeds N --budgets 500,1000</c>: runs each configuration over N engine seeds at
/// each budget, scores every run's best candidate on the test split (outside the budget), and reports per budget the
/// mean ± sd of validation and test scores, rollouts spent, candidates, reflection calls, tokens and wall time; writes
/// CSV, JSON, a markdown report and a PNG plot of test score against rollouts beside any reference curve.</summary>
internal static class BenchCommand
{
    /// <summary>The per-run CSV file name.</summary>
    public const string RunsFile = "runs.csv";

    /// <summary>The summary CSV file name.</summary>
    public const string SummaryFile = "summary.csv";

    /// <summary>The JSON file name.</summary>
    public const string JsonFile = "bench.json";

    /// <summary>The plot file name.</summary>
    public const string PlotFile = "test-score.png";

    /// <summary>The default markdown file name, in the output directory.</summary>
    public const string MarkdownFile = "benchmarks.md";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs the command.</summary>
    /// <param name="args">The parsed arguments.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(BenchArguments args, CliEnvironment env, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var redactor = new SecretRedactor();
        var errors = new ErrorReporter(env.Error, redactor, args.Verbose);

        // Everything is checked before the first run: each configuration (with the first budget), its test split, the
        // reference curves, the output directory.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var simulated = false;
        var ruleWorld = false;
        foreach (var config in args.Configs)
        {
            var name = Path.GetFileNameWithoutExtension(config);
            if (!names.TryAdd(name, config))
            {
                return errors.Fail($"two configurations are named '{name}' ({names[name]} and {config}); reports name each configuration by its file name, so rename one.", null, ExitCodes.BadInput);
            }

            try
            {
                using var prep = await RunPreparation.CreateAsync(config, Overrides(args, args.Budgets[0], 0), env, redactor, cancellationToken);
                if (prep.Task.TestCount == 0)
                {
                    return errors.Fail($"{config}: the test split is empty; gepa bench scores each run's best candidate on it (give dataset.test, a dataset.split.test above 0, or world.test above 0).", null, ExitCodes.BadInput);
                }

                var options = Running.EngineOptionsMapper.ToOptions(prep.Config.Engine, prep.Runtime.Usage);
                prep.Task.Validate(options, new Candidate(prep.Config.SeedCandidate));
                simulated |= prep.Config.UsesSimulation;
                ruleWorld |= prep.Config.UsesSimulation && !(prep.Config.UsesMultiHopSimulation && !prep.Config.IsRuleWorldTask);
            }
            catch (ConfigException e)
            {
                return errors.Config(e);
            }
            catch (ProviderException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }
            catch (ArgumentException e)
            {
                return errors.Fail($"{config}: engine: {ConfigKeyNames.FromOptionNames(e.Message)}", e, ExitCodes.BadInput);
            }
        }

        var references = new Dictionary<string, ReferenceCurve>(StringComparer.Ordinal);
        if (args.ReferenceCurves.Count > 0)
        {
            if (args.ReferenceCurves.Count != args.Configs.Count)
            {
                return errors.Fail($"--reference-curve: give one reference curve per configuration, in the same order ({args.Configs.Count} configuration(s), {args.ReferenceCurves.Count} curve(s)).", null, ExitCodes.BadInput);
            }

            try
            {
                for (var i = 0; i < args.Configs.Count; i++)
                {
                    var file = args.ReferenceCurves[i];
                    references[Path.GetFileNameWithoutExtension(args.Configs[i])] = ReferenceCurve.Load(Path.Combine(env.WorkingDirectory, file), file);
                }
            }
            catch (ConfigException e)
            {
                return errors.Config(e);
            }
        }

        var outDirectory = Path.GetFullPath(Path.Combine(env.WorkingDirectory, args.Out ?? Path.Combine("runs", "bench-" + env.TimeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", Inv))));
        var markdownPath = Path.GetFullPath(Path.Combine(env.WorkingDirectory, args.Markdown ?? Path.Combine(outDirectory, MarkdownFile)));

        if (simulated && !args.Quiet)
        {
            env.Out.WriteLine(ruleWorld ? SimulationNotice.Banner : MultiHopSimulationConstants.SimulationNotice);
        }

        var jobs = (from config in args.Configs
                    from budget in args.Budgets
                    from seed in Enumerable.Range(0, args.Seeds)
                    select new BenchmarkJob(config, Path.GetFileNameWithoutExtension(config), budget, seed)).ToList();
        if (!args.Quiet)
        {
            env.Out.WriteLine($"gepa bench: {args.Configs.Count} configuration(s) × {args.Budgets.Count} budget(s) × {args.Seeds} seed(s) = {jobs.Count} runs, {args.Parallel} at once.");
        }

        var runs = new ConcurrentBag<BenchmarkRun>();
        var done = 0;
        var started = env.TimeProvider.GetTimestamp();
        var printLock = new Lock();
        try
        {
            // The largest budgets first, so that the slowest runs do not finish alone at the end.
            var order = jobs.OrderByDescending(j => j.Budget).ThenBy(j => j.Seed);
            await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = args.Parallel, CancellationToken = cancellationToken }, async (job, ct) =>
            {
                var run = await RunOneAsync(job, args, env, redactor, ct);
                runs.Add(run);
                var n = Interlocked.Increment(ref done);
                if (!args.Quiet)
                {
                    lock (printLock)
                    {
                        env.Out.WriteLine(string.Create(Inv, $"[{n.ToString(Inv).PadLeft(jobs.Count.ToString(Inv).Length)}/{jobs.Count}] {job.Name} budget {job.Budget} seed {job.Seed}: test {run.TestScore:0.000}, val {run.ValScore:0.000}, {run.Rollouts} rollouts, {run.Candidates} candidates, {run.WallSeconds:0.00} s"));
                    }
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return errors.Fail("cancelled; no report was written.", null, ExitCodes.Cancelled);
        }
        catch (BenchmarkRunException e)
        {
            return errors.Fail(e.Message, e.InnerException, ExitCodes.RunFailed);
        }

        var total = env.TimeProvider.GetElapsedTime(started).TotalSeconds;
        var configOrder = names.Keys.ToList();
        var ordered = runs.OrderBy(r => configOrder.IndexOf(r.Config)).ThenBy(r => r.Budget).ThenBy(r => r.Seed).ToList();
        var rows = ordered.GroupBy(r => (r.Config, r.Budget)).Select(g => BenchmarkRow.Of([.. g], references.GetValueOrDefault(g.Key.Config))).ToList();
        var doc = new BenchmarkDocument
        {
            Command = args.CommandLine,
            Label = args.Label,
            FinishedUtc = env.TimeProvider.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", Inv),
            Seeds = args.Seeds,
            Budgets = args.Budgets,
            Parallel = args.Parallel,
            ProcessorCount = Environment.ProcessorCount,
            TotalWallSeconds = total,
            Simulated = simulated,
            MultiHopSimulation = simulated && !ruleWorld,
            Configs = names,
            Rows = rows,
            References = references,
            Runs = ordered,
        };

        Directory.CreateDirectory(outDirectory);
        var plotPath = Path.Combine(outDirectory, PlotFile);
        AtomicFile.WriteAllText(Path.Combine(outDirectory, RunsFile), BenchmarkReport.RunsCsv(ordered));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, SummaryFile), BenchmarkReport.SummaryCsv(rows));
        AtomicFile.WriteAllBytes(Path.Combine(outDirectory, JsonFile), JsonSerializer.SerializeToUtf8Bytes(doc, CliJsonContext.Default.BenchmarkDocument));
        AtomicFile.WriteAllBytes(plotPath, BenchmarkPlot.RenderPng(doc));
        var plotLink = Path.GetRelativePath(Path.GetDirectoryName(markdownPath)!, plotPath).Replace('\\', '/');
        var block = BenchmarkReport.Markdown(doc, plotLink, args.Tolerance);
        Directory.CreateDirectory(Path.GetDirectoryName(markdownPath)!);
        AtomicFile.WriteAllText(markdownPath, BenchmarkReport.Merge(File.Exists(markdownPath) ? await File.ReadAllTextAsync(markdownPath, CancellationToken.None) : null, args.Label, block));

        var o = env.Out;
        foreach (var (name, file) in names)
        {
            o.WriteLine();
            o.WriteLine($"{name} ({file}): mean ± sd over {args.Seeds} seeds" + (references.TryGetValue(name, out var rc) ? $"; reference: {rc.Label}" : ""));
            foreach (var line in BenchmarkReport.TextTable([.. rows.Where(r => r.Config == name)]))
            {
                o.WriteLine("  " + line);
            }
        }

        foreach (var r in rows.Where(r => r.Gap < -args.Tolerance))
        {
            o.WriteLine(string.Create(Inv, $"below the reference: {r.Config} at {r.Budget} rollouts, mean test {r.TestScore.Mean:0.000} vs {r.ReferenceTestScore:0.00} (more than {args.Tolerance} below)."));
        }

        o.WriteLine();
        o.WriteLine(string.Create(Inv, $"{jobs.Count} runs in {total:0.0} s. Files: {outDirectory}{Path.DirectorySeparatorChar}{{{RunsFile}, {SummaryFile}, {JsonFile}, {PlotFile}}}; report: {markdownPath}"));
        if (simulated)
        {
            o.WriteLine(ruleWorld
                ? "Note: these scores come from the simulated RuleWorld, not from a real model."
                : "Note: these scores come from the simulated multi-hop models (retrieval is real BM25), not from a real model.");
        }

        return ExitCodes.Success;
    }

    private static IReadOnlyList<string> Overrides(BenchArguments args, int budget, int seed) =>
    [
        .. args.Overrides,

        // The alias is cleared so that a configuration written with engine.budget takes the benchmark's budget too.
        "engine.budget=null",
        string.Create(Inv, $"engine.max-metric-calls={budget}"),
        string.Create(Inv, $"engine.seed={seed}"),
    ];

    private static async Task<BenchmarkRun> RunOneAsync(BenchmarkJob job, BenchArguments args, CliEnvironment env, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        using var prep = await RunPreparation.CreateAsync(job.Config, Overrides(args, job.Budget, job.Seed), env, redactor, cancellationToken);
        var options = Running.EngineOptionsMapper.ToOptions(prep.Config.Engine, prep.Runtime.Usage);
        options.TimeProvider = env.TimeProvider;
        var seed = new Candidate(prep.Config.SeedCandidate);
        using var clients = prep.CreateClients();
        var started = env.TimeProvider.GetTimestamp();
        GepaResult result;
        double testScore;
        try
        {
            result = await prep.Task.OptimizeAsync(clients, seed, options, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            throw new BenchmarkRunException($"{job.Config} at budget {job.Budget}, seed {job.Seed}: {redactor.Redact(e.Message)}", e);
        }

        var wall = env.TimeProvider.GetElapsedTime(started).TotalSeconds;
        var usage = UsageReport.Collect(prep.Runtime.Usage, clients);
        try
        {
            var test = await prep.Task.EvaluateAsync(clients, result.BestCandidate, "test", cancellationToken);
            testScore = test.Scores.Count == 0 ? 0 : test.Scores.Average();
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            throw new BenchmarkRunException($"{job.Config} at budget {job.Budget}, seed {job.Seed}: the test evaluation failed: {redactor.Redact(e.Message)}", e);
        }

        return new BenchmarkRun
        {
            Config = job.Name,
            Budget = job.Budget,
            Seed = job.Seed,
            ValScore = result.BestScore,
            TestScore = testScore,
            Rollouts = result.TotalMetricCalls,
            Candidates = result.NumCandidates,
            ReflectionCalls = result.ReflectionCalls,
            Tokens = usage.Sum(u => u.InputTokens + u.OutputTokens),
            WallSeconds = wall,
            StopReason = result.StopReason.ToString(),
        };
    }
}
