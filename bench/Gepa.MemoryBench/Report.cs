using System.Globalization;
using System.Text;
using Gepa.Simulation;

namespace Gepa.MemoryBench;

/// <summary>Paired differences against cold (same target, capacity, budget and seed), with 95% confidence intervals.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(IReadOnlyList<Outcome> rows, int[] budgets, int[] capacities, int seeds, string embedder = "hashed-1")
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"SIMULATION ({FamilyRunner.Family.Title}{FamilyRunner.WorldSuffix}{(embedder == "hashed-1" && !FamilyRunner.SegmentQuery ? "" : ", " + embedder + " embeddings" + (FamilyRunner.SegmentQuery ? " with a segmented query" : "") + ", floor " + FamilyRunner.Floor.ToString(Inv))}, {seeds} seeds). Test score of the best candidate: cold's mean, then each arm's paired difference from cold, mean [95% CI], over every (target, seed) pair; {FamilyRunner.Family.UnrelatedNote}.");
        foreach (var capacity in capacities)
        {
            sb.AppendLine().AppendLine(Inv, $"**Capacity {(capacity == 0 ? "unlimited" : capacity.ToString(Inv))}**, test score").AppendLine();
            sb.AppendLine("| arm | " + string.Join(" | ", budgets.Select(b => b.ToString("N0", Inv) + " rollouts")) + " |");
            sb.AppendLine("|---|" + string.Concat(budgets.Select(_ => "---|")));
            foreach (var arm in Arm.All.Where(a => rows.Any(o => o.Arm == a.Name && o.Capacity == capacity)))
            {
                sb.Append("| ").Append(arm.Name).Append(" |");
                foreach (var budget in budgets)
                {
                    sb.Append(' ').Append(Cell(rows, arm, capacity, budget, o => o.Test)).Append(" |");
                }

                sb.AppendLine();
            }

            // The issue's question asked directly: retrieval (all modes) against injecting every lesson, paired.
            sb.Append("| retrieval − inject everything |");
            foreach (var budget in budgets)
            {
                sb.Append(' ').Append(Between(rows, "all modes", "inject everything", capacity, budget)).Append(" |");
            }

            sb.AppendLine();
            sb.AppendLine().AppendLine(Inv, $"**Capacity {(capacity == 0 ? "unlimited" : capacity.ToString(Inv))}**, rollouts to reach validation {FamilyRunner.Target.ToString(Inv)} at the largest budget (a run that never reaches it counts as the budget), and lessons used").AppendLine();
            var top = budgets.Max();
            sb.AppendLine("| arm | rollouts to target | reached | lessons | precision | coverage | oracle coverage | foreign rules stated |").AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var arm in Arm.All)
            {
                var mine = rows.Where(o => o.Arm == arm.Name && o.Capacity == capacity && o.Budget == top).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                var withPrecision = mine.Where(o => o.Precision is not null).ToList();
                sb.AppendLine(Inv, $"| {arm.Name} | {Cell(rows, arm, capacity, top, o => o.ToTarget ?? o.Budget)} | {mine.Count(o => o.ToTarget is not null)}/{mine.Count} | {mine.Average(o => o.Lessons):0.0} | {(withPrecision.Count == 0 ? "-" : withPrecision.Average(o => o.Precision!.Value).ToString("0.00", Inv))} | {Mean(mine, o => o.Coverage)} | {Mean(mine, o => o.OracleCoverage)} | {mine.Average(o => o.ForeignStated):0.0} |");
            }
        }

        return sb.ToString();
    }

    private static string Cell(IReadOnlyList<Outcome> rows, Arm arm, int capacity, int budget, Func<Outcome, double> value)
    {
        var cold = rows.Where(o => o.Arm == "cold" && o.Capacity == capacity && o.Budget == budget).ToDictionary(o => (o.Target, o.Seed));
        var mine = rows.Where(o => o.Arm == arm.Name && o.Capacity == capacity && o.Budget == budget && cold.ContainsKey((o.Target, o.Seed))).ToList();
        if (mine.Count == 0)
        {
            return "-";
        }

        if (arm.Name == "cold")
        {
            var coldMean = mine.Average(value);
            return coldMean.ToString(Math.Abs(coldMean) >= 10 ? "0" : "0.000", Inv);
        }

        var diffs = mine.Select(o => value(o) - value(cold[(o.Target, o.Seed)])).ToList();
        var (mean, half) = MeanCi(diffs);
        var baseline = mine.Average(o => value(cold[(o.Target, o.Seed)]));
        var scale = Math.Abs(baseline) >= 10 ? "0" : "0.000";
        return $"{Sign(mean, scale)} [{Sign(mean - half, scale)}, {Sign(mean + half, scale)}]";
    }

    private static string Between(IReadOnlyList<Outcome> rows, string arm, string other, int capacity, int budget)
    {
        var them = rows.Where(o => o.Arm == other && o.Capacity == capacity && o.Budget == budget).ToDictionary(o => (o.Target, o.Seed));
        var diffs = rows.Where(o => o.Arm == arm && o.Capacity == capacity && o.Budget == budget && them.ContainsKey((o.Target, o.Seed)))
            .Select(o => o.Test - them[(o.Target, o.Seed)].Test).ToList();
        if (diffs.Count == 0)
        {
            return "-";
        }

        var (mean, half) = MeanCi(diffs);
        return $"{Sign(mean, "0.000")} [{Sign(mean - half, "0.000")}, {Sign(mean + half, "0.000")}]";
    }

    private static string Mean(IReadOnlyList<Outcome> rows, Func<Outcome, double?> value)
    {
        var values = rows.Select(value).OfType<double>().ToList();
        return values.Count == 0 ? "-" : values.Average().ToString("0.00", Inv);
    }

    private static string Sign(double x, string format) => (x >= 0 ? "+" : "") + x.ToString(format, Inv);

    /// <summary>The mean and the half-width of its 95% confidence interval (Student's t).</summary>
    public static (double Mean, double Half) MeanCi(IReadOnlyList<double> xs)
    {
        var n = xs.Count;
        var mean = xs.Average();
        if (n < 2)
        {
            return (mean, double.NaN);
        }

        var sd = Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        return (mean, T975(n - 1) * sd / Math.Sqrt(n));
    }

    // Student's t 97.5% quantiles; beyond the table the normal's 1.96 is close enough.
    private static double T975(int df) => df switch
    {
        1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262,
        <= 14 => 2.2, <= 19 => 2.1, <= 29 => 2.05, <= 59 => 2.01, <= 119 => 1.98, _ => 1.96,
    };
}
