using System.Diagnostics;
using System.Globalization;
using Gepa;
using Gepa.Simulation;

var modules = 1;
var budgets = new[] { 1000 };
var seeds = 20;
var extra = new List<string>();
var trace = -1;
var worldSeed = "rules-v1";
var plateau = false;
var split = "test";
var variants = new List<string> { "fixed" };
for (var i = 0; i < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--modules": modules = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--budgets": budgets = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--trace": trace = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--world-seed": worldSeed = args[i + 1]; break;
        case "--plateau": plateau = args[i + 1] == "true"; break;
        case "--split": split = args[i + 1]; break;
        case "--seeds": seeds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--variants": variants = [.. args[i + 1].Split(',')]; break;
        case "--set": extra.AddRange(args[i + 1].Split(',')); break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}

var world = new RuleWorld(new RuleWorldOptions { Modules = modules, Seed = worldSeed });
foreach (var variant in variants)
{
    foreach (var budget in budgets)
    {
        var sw = Stopwatch.StartNew();
        var results = new (double Val, double Test, int Spent, int Cands, int ValSpent, int Full, int Iter, int Tried)[trace >= 0 ? 1 : seeds];
        await Parallel.ForEachAsync((trace >= 0 ? Enumerable.Range(trace, 1) : Enumerable.Range(0, seeds)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (seed, ct) =>
        {
            var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world), maxConcurrency: 1);
            var options = new GepaOptions { Seed = seed, MaxMetricCalls = budget };
            Configure(options, variant);
            var optimizer = new GepaOptimizer<RuleWorldExample>(adapter, new RuleWorldReflectionChatClient(world), options, seed == trace ? new Gepa.AdaptiveBench.TraceLogger() : null);
            var result = await optimizer.OptimizeAsync(SeedFor(world, plateau), world.Trainset, world.Valset, ct);
            var test = await adapter.EvaluateAsync(split == "val" ? world.Valset : world.Testset, result.BestCandidate, false, ct);
            results[trace >= 0 ? 0 : seed] = (result.BestScore, test.Scores.Average(), result.TotalMetricCalls, result.NumCandidates, result.ValSubscores.Sum(v => v.Count), result.NumFullValEvals, result.Iterations, result.ProposalsTried);
        });
        var tests = results.Select(r => r.Test).ToArray();
        if (Environment.GetEnvironmentVariable("BENCH_SEEDS") == "1")
        {
            Console.WriteLine(string.Join(" ", tests.Select(t => t.ToString("F2", CultureInfo.InvariantCulture))));
        }

        var mean = tests.Average();
        var sd = Math.Sqrt(tests.Sum(t => (t - mean) * (t - mean)) / Math.Max(tests.Length - 1, 1));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variant,-12} m={modules} budget={budget,5} test={mean:F3} (sd {sd:F3}) val={results.Average(r => r.Val):F3} spent={results.Average(r => r.Spent):F0} cands={results.Average(r => r.Cands):F1} full={results.Average(r => r.Full):F1} valspent={results.Average(r => r.ValSpent):F0} iters={results.Average(r => r.Iter):F0} tried={results.Average(r => r.Tried):F0} [{sw.Elapsed.TotalSeconds:F1}s]"));
    }
}

void Configure(GepaOptions o, string variant)
{
    foreach (var part in variant.Split('+'))
    {
        switch (part)
        {
            case "fixed": break;
            case "adaptive": o.BudgetPolicy = BudgetPolicy.Adaptive; break;
            case "race": o.Adaptive.AdaptiveValidation = true; break;
            case "bandit": o.Adaptive.BanditComponentSelection = true; break;
            case "dmerge": o.Adaptive.DiversityMerge = true; break;
            case "merge": o.UseMerge = true; break;
            case "cache": o.CacheEvaluation = true; break;
            default: throw new ArgumentException($"unknown variant part {part}");
        }
    }

    foreach (var kv in extra)
    {
        var (k, v) = (kv.Split('=')[0], kv.Split('=')[1]);
        var prop = typeof(AdaptiveBudgetOptions).GetProperty(k) ?? throw new ArgumentException(k);
        prop.SetValue(o.Adaptive, Convert.ChangeType(v, Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType, CultureInfo.InvariantCulture));
    }
}

// The "plateau" start: the first module already states every rule it can apply, so rewriting it gains nothing and
// only the other modules still improve. Round-robin keeps spending proposals on it; the bandit should not.
static Candidate SeedFor(RuleWorld world, bool plateau)
{
    var seed = world.SeedCandidate();
    if (!plateau)
    {
        return seed;
    }

    var first = world.ModuleNames[0];
    var rules = Enumerable.Range(0, RuleWorld.RuleTexts.Count).Where(j => world.ModuleOf(j) == 0).Select(j => RuleWorld.RuleTexts[j]);
    return seed.With([new KeyValuePair<string, string>(first, string.Join("\n", rules.Prepend(seed[first])))]);
}
