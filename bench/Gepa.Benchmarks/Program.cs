using System.Diagnostics;
using System.Globalization;
using Gepa;
using Gepa.Benchmarks;
using Gepa.Simulation;

// Engine overhead per rollout: each case runs the optimizer once against the simulated RuleWorld while recording every
// adapter answer and reflection reply, then runs it again from the recording and measures only that replay, whose
// world costs nothing but dictionary look-ups. The replay must reach the same candidates as the recording (same
// decisions), or the case fails.
// `cli-ratio`: `gepa optimize` against the library making the same run, both as whole processes (CliRatio).
if (args.Length > 0 && args[0] == "cli-ratio")
{
    return await CliRatio.CompareAsync(args);
}

if (args.Length > 0 && args[0] == "library")
{
    return await CliRatio.LibraryAsync(args);
}

var vals = Ints(Arg("--val", "500,2000,5000"));
var counts = Ints(Arg("--candidates", "25,50,100"));
var seed = int.Parse(Arg("--seed", "1"), CultureInfo.InvariantCulture);
var modules = int.Parse(Arg("--modules", "1"), CultureInfo.InvariantCulture);
var repeats = int.Parse(Arg("--repeats", "1"), CultureInfo.InvariantCulture);
var warmups = int.Parse(Arg("--warmup", "1"), CultureInfo.InvariantCulture);

Console.WriteLine($"# {Environment.ProcessorCount} cores, {RuntimeInformationText()}, seed {seed}, {modules} module(s), fixed policy, no merge");
Console.WriteLine("| val | candidates | rollouts | engine CPU µs/rollout | bytes allocated/rollout | wall s |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
foreach (var val in vals)
{
    foreach (var count in counts)
    {
        var world = new RuleWorld(new RuleWorldOptions { Modules = modules, Val = val });
        var adapter = new ReplayAdapter<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)), e => e.Id);
        var reflection = new ReplayChatClient(new RuleWorldReflectionChatClient(world));
        var recorded = await RunAsync(world, adapter, reflection, seed, count);
        adapter.Recording = false;
        reflection.Recording = false;
        // Unreported replays first, so that the measured ones run tiered-up code, as a long run does.
        for (var r = 0; r < warmups; r++)
        {
            await RunAsync(world, adapter, reflection, seed, count);
        }

        for (var r = 0; r < repeats; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            var wall = Stopwatch.StartNew();
            var replayed = await RunAsync(world, adapter, reflection, seed, count);
            wall.Stop();
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            if (replayed.NumCandidates != recorded.NumCandidates || replayed.TotalMetricCalls != recorded.TotalMetricCalls || replayed.BestIndex != recorded.BestIndex)
            {
                throw new InvalidOperationException($"val {val}, {count} candidates: the replay diverged from the recording.");
            }

            var rollouts = replayed.TotalMetricCalls;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {val:N0} | {replayed.NumCandidates} | {rollouts:N0} | {cpu.TotalMicroseconds / rollouts:F1} | {(double)bytes / rollouts:N0} | {wall.Elapsed.TotalSeconds:F1} |"));
        }
    }
}

return 0;

static Task<GepaResult> RunAsync(RuleWorld world, ReplayAdapter<RuleWorldExample> adapter, ReplayChatClient reflection, int seed, int candidates)
{
    var options = new GepaOptions
    {
        Seed = seed,
        MaxMetricCalls = int.MaxValue / 2,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    // Stop on the candidate count; the proposal limit only keeps a world that stops accepting from running forever.
    options.StopConditions.Add(StopConditions.Any(new CandidateCountStop(candidates), StopConditions.MaxProposals(candidates * 50)));
    return new GepaOptimizer<RuleWorldExample>(adapter, reflection, options)
        .OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, CancellationToken.None);
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static int[] Ints(string text) => [.. text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
