using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gepa;
using Gepa.MemoryBench;
using Gepa.Simulation;
using Microsoft.Extensions.AI;

// The cross-task memory benchmark on the SIMULATED RuleWorld family (docs/memory.md). For every repetition and capacity,
// each member is first run cold at the source budget in a run directory and learned into one bank; then every member is
// the target in turn (leave-one-out: its own lessons and runs are never retrieved for it), under every arm and budget.
var inv = CultureInfo.InvariantCulture;
var seeds = 20;
int[] budgets = [250, 500, 1000];
int[] capacities = [0, 8];
var sourceBudget = 1000;
var parallel = 2;
var output = "artifacts/memory-bench";
var metrics = false;
// "hashed" is the built-in embedder at its current version (2); "hashed-1" the version the older tables in docs/memory.md used.
var embedderName = "hashed-2";
IReadOnlyList<Arm> arms = Arm.Default;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seeds": seeds = int.Parse(args[++i], inv); break;
        case "--budgets": budgets = [.. args[++i].Split(',').Select(s => int.Parse(s, inv))]; break;
        case "--capacities": capacities = [.. args[++i].Split(',').Select(s => int.Parse(s, inv))]; break;
        case "--source-budget": sourceBudget = int.Parse(args[++i], inv); break;
        case "--parallel": parallel = int.Parse(args[++i], inv); break;
        case "--floor": FamilyRunner.Floor = double.Parse(args[++i], inv); break;
        case "--target": FamilyRunner.Target = double.Parse(args[++i], inv); break;
        case "--out": output = args[++i]; break;
        case "--world":
            var assignment = args[++i];
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                Console.Error.WriteLine($"error: --world expects key=value (a RuleWorld parameter), got '{assignment}'.");
                return 2;
            }

            FamilyRunner.World.Add(new(assignment[..eq], assignment[(eq + 1)..]));
            break;
        case "--family":
            var name = args[++i];
            if (Family.All.FirstOrDefault(f => f.Name == name) is not { } family)
            {
                Console.Error.WriteLine($"error: --family must be {string.Join(" or ", Family.All.Select(f => f.Name))}, got '{name}'.");
                return 2;
            }

            FamilyRunner.Family = family;
            break;
        case "--policy":
            var policy = args[++i];
            if (policy is not ("fixed" or "adaptive"))
            {
                Console.Error.WriteLine($"error: --policy must be fixed or adaptive, got '{policy}'.");
                return 2;
            }

            FamilyRunner.Policy = policy == "fixed" ? BudgetPolicy.Fixed : BudgetPolicy.Adaptive;
            break;
        case "--embedder":
            embedderName = args[++i] == "hashed" ? "hashed-2" : args[i];
            if (embedderName is not ("hashed-2" or "hashed-1" or "minilm"))
            {
                Console.Error.WriteLine($"error: --embedder must be hashed (= hashed-2), hashed-1 or minilm, got '{embedderName}'.");
                return 2;
            }

            break;
        case "--segment-query": FamilyRunner.SegmentQuery = true; break;
        case "--guard": FamilyRunner.Guard = true; break;
        case "--no-probe": FamilyRunner.Probe = false; break;
        case "--arms":
            var names = args[++i].Split(';', StringSplitOptions.TrimEntries);
            if (names.FirstOrDefault(n => !Arm.All.Any(a => a.Name == n)) is { } unknown)
            {
                Console.Error.WriteLine($"error: --arms: unknown arm '{unknown}'; arms are {string.Join(", ", Arm.All.Select(a => "'" + a.Name + "'"))} (separated by ';').");
                return 2;
            }

            arms = [.. Arm.All.Where(a => names.Contains(a.Name))];
            break;
        case "--metrics": metrics = true; break;
        default:
            Console.Error.WriteLine($"error: unknown argument '{args[i]}'; see docs/memory.md for the options.");
            return 2;
    }
}

if (metrics)
{
    var table = await MetricMeasurement.RunAsync(seeds, budgets.Max(), CancellationToken.None);
    Directory.CreateDirectory(output);
    File.WriteAllText(Path.Combine(output, "metrics.md"), table);
    Console.WriteLine(table);
    return 0;
}

try
{
    _ = FamilyRunner.WorldOptions(FamilyRunner.Family.Members[0].Id, 0, 0);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: --world: {e.Message}");
    return 2;
}

Console.WriteLine($"SIMULATION: the RuleWorld memory benchmark, family {FamilyRunner.Family.Name}, policy {FamilyRunner.Policy}, embedder {embedderName}{(FamilyRunner.SegmentQuery ? " (segmented query)" : "")}{FamilyRunner.WorldSuffix}, {seeds} seeds, budgets {string.Join('/', budgets)}, capacities {string.Join('/', capacities)}, source runs at {sourceBudget}, floor {FamilyRunner.Floor.ToString(inv)}.");
var work = Path.GetFullPath(Path.Combine(output, "work"));
if (Directory.Exists(work))
{
    Directory.Delete(work, recursive: true);
}

// One generator for every job: the hashed one is stateless; MiniLM is loaded once and each distinct text embedded once.
using IEmbeddingGenerator<string, Embedding<float>> baseEmbedder = embedderName switch
{
    "minilm" => new MiniLmEmbeddingGenerator(),
    "hashed-1" => new HashedEmbeddingGenerator(),
    _ => new LexicalEmbeddingGenerator(),
};
using var sharedEmbedder = new CachingEmbeddingGenerator(baseEmbedder);
var outcomes = new ConcurrentBag<Outcome>();
var clock = Stopwatch.StartNew();
var jobs = capacities.SelectMany(c => Enumerable.Range(0, seeds).Select(s => (Capacity: c, Seed: s))).ToList();
await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (job, ct) =>
{
    var dir = Path.Combine(work, $"c{job.Capacity}-s{job.Seed}");
    Directory.CreateDirectory(dir);
    var embedder = sharedEmbedder;
    using var bank = MemoryBank.Open(Path.Combine(dir, "bank.db"), embedder);
    foreach (var member in FamilyRunner.Family.Members)
    {
        var id = member.Id;
        var runDir = Path.Combine(dir, "source-" + id);
        var cold = await FamilyRunner.RunAsync(id, Arm.All[0], job.Seed, job.Capacity, sourceBudget, null, runDir, ct);
        if (budgets.Contains(sourceBudget))
        {
            outcomes.Add(cold);
        }

        await RunDirectoryIngestor.IngestAsync(bank, runDir, id, Family.Objective(member), ct);
    }

    // Unrelated memory: only the lessons about rules outside the target's window, which it can never require (for the
    // prefix family's twelve-rule targets, rules 13 to 24). Targets with the same window share one bank.
    var unrelatedBanks = new Dictionary<(int, int), MemoryBank>();
    try
    {
        foreach (var member in FamilyRunner.Family.Members)
        {
            if (!FamilyRunner.Family.HasUnrelated(member) || unrelatedBanks.ContainsKey((member.Offset, member.Rules)))
            {
                continue;
            }

            var unrelated = MemoryBank.Open(Path.Combine(dir, $"unrelated-{member.Offset}-{member.Rules}.db"), embedder);
            unrelatedBanks.Add((member.Offset, member.Rules), unrelated);
            foreach (var lesson in bank.ListLessons().Where(l => RuleWorldFamily.RuleOf(l.Text) is var r && r >= 0 && !member.Requires(r)))
            {
                await unrelated.AddLessonAsync(lesson, ct);
            }
        }

        foreach (var member in FamilyRunner.Family.Members)
        {
            foreach (var budget in budgets)
            {
                foreach (var arm in arms)
                {
                    if ((arm.Name == "cold" && budget == sourceBudget) || (arm.Irrelevant && !FamilyRunner.Family.HasUnrelated(member)))
                    {
                        continue;
                    }

                    var memory = arm.Irrelevant ? unrelatedBanks[(member.Offset, member.Rules)] : bank;
                    outcomes.Add(await FamilyRunner.RunAsync(member.Id, arm, job.Seed, job.Capacity, budget, memory, null, ct));
                }
            }
        }
    }
    finally
    {
        foreach (var unrelated in unrelatedBanks.Values)
        {
            unrelated.Dispose();
        }
    }

    Console.WriteLine($"  capacity {job.Capacity}, seed {job.Seed} done ({clock.Elapsed.TotalMinutes:0.0} min)");
});

Directory.CreateDirectory(output);
var rows = outcomes.OrderBy(o => o.Capacity).ThenBy(o => o.Target, StringComparer.Ordinal).ThenBy(o => o.Budget).ThenBy(o => o.Arm, StringComparer.Ordinal).ThenBy(o => o.Seed).ToList();
var csv = new StringBuilder("target,arm,capacity,budget,seed,test,best_val,rollouts_to_target,start_rollouts,lessons,precision,coverage,oracle_coverage,foreign_stated\n");
foreach (var o in rows)
{
    csv.AppendLine(string.Create(inv, $"{o.Target},{CsvField(o.Arm)},{o.Capacity},{o.Budget},{o.Seed},{o.Test:0.####},{o.BestVal:0.####},{o.ToTarget?.ToString(inv) ?? ""},{o.StartSpent},{o.Lessons},{(o.Precision is { } p ? p.ToString("0.###", inv) : "")},{(o.Coverage is { } c ? c.ToString("0.###", inv) : "")},{(o.OracleCoverage is { } oc ? oc.ToString("0.###", inv) : "")},{o.ForeignStated}"));
}

File.WriteAllText(Path.Combine(output, "outcomes.csv"), csv.ToString());
File.WriteAllText(Path.Combine(output, "summary.md"), Report.Markdown(rows, budgets, capacities, seeds, embedderName));
if (FamilyRunner.Guard)
{
    var g = FamilyRunner.GateTotals;
    var p = FamilyRunner.ProbeTotals;
    if (FamilyRunner.Probe)
    {
        Console.WriteLine($"Relevance probes: {p[1]} of {p[0]} passed, {p[2]} rollouts in all ("
            + string.Join("; ", FamilyRunner.ProbesByArm.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value.Passed} of {a.Value.Probed}")) + ").");
    }

    Console.WriteLine($"Lesson gates: {g[1]} of {g[0]} reflection prompts with lessons shown them; wins (accepted, validation above the parent) {g[2]} of {g[2] + g[3]} children with lessons, {g[4]} of {g[4] + g[5]} without.");
}

Console.WriteLine($"Wrote {Path.Combine(output, "outcomes.csv")} and summary.md ({rows.Count} runs, {clock.Elapsed.TotalMinutes:0.0} min).");
return 0;

// An arm name with a comma ("all modes, no count cap") is quoted, as RFC 4180 asks, so that a CSV reader keeps the columns.
static string CsvField(string value) => value.Contains(',', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
