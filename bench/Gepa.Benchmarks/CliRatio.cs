using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Simulation;

namespace Gepa.Benchmarks;

/// <summary>`gepa optimize` against the library making the same run: both as whole processes (runtime start-up and JIT
/// included on both sides), alternated, their CPU (user + system) read by <c>/usr/bin/time</c>. The library side is this
/// program in <c>library</c> mode: RuleWorld (SIMULATED) with the parity configuration's settings, built by hand as a
/// library user would, no run directory, then the best candidate scored on the test split as the tool does. Each pair
/// must end with the same candidates, rollouts, best score and test score. The library also runs with dynamic PGO off
/// (<c>DOTNET_TieredPGO=0</c>), as the tool does, for the ratio against a library process tuned the same way.</summary>
internal static class CliRatio
{
    /// <summary>Runs the comparison: <c>cli-ratio --gepa PATH/Gepa.Cli.dll [--val 500] [--budget 20000] [--seed 0] [--repeats 3]</c>.</summary>
    public static async Task<int> CompareAsync(string[] args)
    {
        var gepa = Path.GetFullPath(Arg(args, "--gepa", ""));
        var val = Arg(args, "--val", "500");
        var budget = Arg(args, "--budget", "20000");
        var seed = Arg(args, "--seed", "0");
        var repeats = int.Parse(Arg(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        var config = Path.GetFullPath(Arg(args, "--config", "bench/rule-world/parity-single-module.yaml"));
        var self = typeof(CliRatio).Assembly.Location;
        var work = Directory.CreateTempSubdirectory("gepa-cli-ratio-").FullName;
        Console.WriteLine($"# {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}; config {config}, val {val}, budget {budget}, seed {seed}");
        Console.WriteLine("| repeat | CLI CPU s | library CPU s | CLI / library | library (PGO off) CPU s | CLI / library (PGO off) | library + run directory CPU s | CLI wall s | library wall s | candidates | rollouts |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var ratios = new List<double>();
        var directoryTimes = new List<double>();
        var cliTimes = new List<double>();
        var libTimes = new List<double>();
        var noPgoTimes = new List<double>();
        var noPgoRatios = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var outDir = Path.Combine(work, "cli" + r);
            var cli = await TimedAsync(work, "dotnet", [gepa, "optimize", config, "--out", outDir, "--quiet", "--set", $"world.val={val}", "--set", $"engine.max-metric-calls={budget}", "--set", $"engine.seed={seed}"]);
            var lib = await TimedAsync(work, "dotnet", [self, "library", "--config-dir", Path.GetDirectoryName(config)!, "--val", val, "--budget", budget, "--seed", seed]);
            var noPgo = await TimedAsync(work, "dotnet", [self, "library", "--config-dir", Path.GetDirectoryName(config)!, "--val", val, "--budget", budget, "--seed", seed], ("DOTNET_TieredPGO", "0"));
            var withDirectory = await TimedAsync(work, "dotnet", [self, "library", "--config-dir", Path.GetDirectoryName(config)!, "--val", val, "--budget", budget, "--seed", seed, "--run-dir", Path.Combine(work, "lib" + r)]);
            var result = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "result.json")))!;
            var testScore = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "summary.json")))!["testScore"]!.GetValue<double>();
            var libResult = JsonNode.Parse(lib.Out.Trim().Split('\n')[^1])!;
            var cliCandidates = result["candidates"]!.AsArray().Count;
            var cliRollouts = result["totalMetricCalls"]!.GetValue<int>();
            if (cliCandidates != libResult["candidates"]!.GetValue<int>() || cliRollouts != libResult["rollouts"]!.GetValue<int>()
                || Math.Abs(result["bestScore"]!.GetValue<double>() - libResult["bestScore"]!.GetValue<double>()) > 1e-12
                || Math.Abs(testScore - libResult["testScore"]!.GetValue<double>()) > 1e-12)
            {
                throw new InvalidOperationException($"not the same run: CLI {cliCandidates} candidates, {cliRollouts} rollouts, best {result["bestScore"]}, test {testScore}; library {libResult}");
            }

            ratios.Add(cli.Cpu / lib.Cpu);
            cliTimes.Add(cli.Cpu);
            libTimes.Add(lib.Cpu);
            directoryTimes.Add(withDirectory.Cpu);
            noPgoTimes.Add(noPgo.Cpu);
            noPgoRatios.Add(cli.Cpu / noPgo.Cpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r + 1} | {cli.Cpu:F2} | {lib.Cpu:F2} | {cli.Cpu / lib.Cpu:F2} | {noPgo.Cpu:F2} | {cli.Cpu / noPgo.Cpu:F2} | {withDirectory.Cpu:F2} | {cli.Wall:F2} | {lib.Wall:F2} | {cliCandidates} | {cliRollouts:N0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: CLI {Median(cliTimes):F2} s, library {Median(libTimes):F2} s, ratio {Median(ratios):F2}; library with PGO off {Median(noPgoTimes):F2} s, ratio {Median(noPgoRatios):F2}; library with the run directory {Median(directoryTimes):F2} s; load average after: {File.ReadAllText("/proc/loadavg").Trim()}"));
        Directory.Delete(work, recursive: true);
        return 0;
    }

    /// <summary>The library side: the parity configuration's run on RuleWorld, printing what the CLI's result.json says.</summary>
    public static async Task<int> LibraryAsync(string[] args)
    {
        var dir = Arg(args, "--config-dir", "bench/rule-world");
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1, Val = int.Parse(Arg(args, "--val", "500"), CultureInfo.InvariantCulture) });
        var options = new GepaOptions
        {
            Seed = int.Parse(Arg(args, "--seed", "0"), CultureInfo.InvariantCulture),
            MaxMetricCalls = int.Parse(Arg(args, "--budget", "20000"), CultureInfo.InvariantCulture),
            MinibatchSize = 3,
            CandidateSelection = CandidateSelection.Pareto,
            UseMerge = false,
            StrictBudget = false,
            BudgetPolicy = BudgetPolicy.Fixed,
            ReflectionPromptTemplate = await File.ReadAllTextAsync(Path.Combine(dir, "reference-reflection-template.txt")),
        };
        // The configuration's task-model max-concurrency (its default, 4).
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), 4);
        var optimizer = new GepaOptimizer<RuleWorldExample>(adapter, new RuleWorldReflectionChatClient(world), options);
        GepaResult result;
        if (Arg(args, "--run-dir", "") is { Length: > 0 } runDir)
        {
            // The library writing the run directory the tool writes (without the tool's example capture and usage state).
            using var directory = GepaRunDirectory.Create(runDir);
            directory.Attach(options);
            optimizer = new GepaOptimizer<RuleWorldExample>(adapter, new RuleWorldReflectionChatClient(world), options);
            result = await directory.RunAsync(optimizer, world.SeedCandidate(), world.Trainset, world.Valset, CancellationToken.None);
        }
        else
        {
            result = await optimizer.OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, CancellationToken.None);
        }

        // What `gepa optimize` does after the run: the best candidate scored on the test split.
        var test = await adapter.EvaluateAsync(world.Testset, result.BestCandidate, captureTraces: false, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
        {
            ["candidates"] = result.NumCandidates,
            ["rollouts"] = result.TotalMetricCalls,
            ["bestScore"] = result.BestScore,
            ["testScore"] = test.Scores.Average(),
        }));
        return 0;
    }

    private static async Task<(double Cpu, double Wall, string Out)> TimedAsync(string work, string program, string[] arguments, params (string Name, string Value)[] environment)
    {
        var times = Path.Combine(work, "time.txt");
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-f", "%U %S %e", "-o", times, program, .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        }

        var parts = (await File.ReadAllTextAsync(times)).Trim().Split('\n')[^1].Split(' ');
        var user = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var system = double.Parse(parts[1], CultureInfo.InvariantCulture);
        return (user + system, double.Parse(parts[2], CultureInfo.InvariantCulture), await stdout);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
