using System.Globalization;
using System.Text;
using Gepa.Simulation;

namespace Gepa.MemoryBench;

/// <summary>Measures the richer-feedback metrics on the SIMULATED RuleWorld: per seed, a cold GEPA run finds a best
/// candidate; the seed candidate and the best are then scored on the test split through the chat-prompt adapter with the
/// world's own check (the answer contained in the reply), the semantic metric (hashed embeddings, as the tool uses) and
/// self-consistency (five samples).</summary>
internal static class MetricMeasurement
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<string> RunAsync(int seeds, int budget, CancellationToken ct)
    {
        var names = new[] { "world's check (contains)", "semantic (hashed)", "self-consistency (k = 5)" };
        var seedMeans = names.ToDictionary(n => n, _ => new List<double>());
        var bestMeans = names.ToDictionary(n => n, _ => new List<double>());
        var correlations = names.ToDictionary(n => n, _ => new List<double>());
        for (var s = 0; s < seeds; s++)
        {
            var world = new RuleWorld(new RuleWorldOptions { Seed = string.Create(Inv, $"metrics-{s}"), Modules = 1 });
            using var taskModel = new RuleWorldTaskChatClient(world);
            using var reflection = new RuleWorldReflectionChatClient(world);
            var result = await new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, taskModel), reflection, new GepaOptions { MaxMetricCalls = budget, Seed = s, BudgetPolicy = FamilyRunner.Policy })
                .OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, ct);
            var test = world.Testset.Select(e => new ChatExample(e.Id, e.Input, e.Answer)).ToList();
            var truth = new List<double>();
            var scores = names.ToDictionary(n => n, _ => new List<double>());
            foreach (var (candidate, means) in new[] { (world.SeedCandidate(), seedMeans), (result.BestCandidate, bestMeans) })
            {
                for (var m = 0; m < names.Length; m++)
                {
                    var ledger = new SelfConsistencyLedger();
                    var adapter = m switch
                    {
                        0 => new ChatPromptAdapter(taskModel, ChatMetrics.Contains()),
                        1 => new ChatPromptAdapter(taskModel, new SemanticSimilarityMetric(new HashedEmbeddingGenerator())),
                        _ => new ChatPromptAdapter(new SelfConsistencyChatClient(taskModel, 5, ledger), new SelfConsistencyMetric(ledger)),
                    };
                    var batch = await adapter.EvaluateAsync(test, candidate, false, ct);
                    means[names[m]].Add(batch.Scores.Average());
                    scores[names[m]].AddRange(batch.Scores);
                }
            }

            foreach (var name in names)
            {
                correlations[name].Add(Pearson(scores[names[0]], scores[name]));
            }
        }

        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"SIMULATION (RuleWorld, one module, {seeds} seeds, best candidate of a cold run at {budget} rollouts; test split).").AppendLine();
        sb.AppendLine("| metric | seed candidate | best candidate | best above seed | correlation with the world's check |").AppendLine("|---|---|---|---|---|");
        foreach (var name in names)
        {
            var wins = seedMeans[name].Zip(bestMeans[name]).Count(p => p.Second > p.First);
            var r = correlations[name].Where(double.IsFinite).ToList();
            sb.AppendLine(Inv, $"| {name} | {seedMeans[name].Average():0.000} | {bestMeans[name].Average():0.000} | {wins}/{seeds} | {(r.Count == 0 ? "undefined (constant score)" : r.Average().ToString("0.00", Inv))} |");
        }

        return sb.ToString();
    }

    private static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxy = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var syy = y.Sum(v => (v - my) * (v - my));
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
