using System.Globalization;
using System.Text;

namespace Gepa.Cli.Benchmarks;

/// <summary>Formats a benchmark's results: the console table, the CSV files and the markdown report.</summary>
internal static class BenchmarkReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Formats the summary of one configuration as an aligned text table.</summary>
    /// <param name="rows">The rows of one configuration, by budget.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> TextTable(IReadOnlyList<BenchmarkRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var reference = rows.Any(r => r.ReferenceTestScore is not null);
        var table = new List<string[]>
        {
            reference
                ? ["budget", "rollouts", "valset", "test", "reference", "Δ test", "candidates", "reflections", "tokens", "wall s"]
                : ["budget", "rollouts", "valset", "test", "candidates", "reflections", "tokens", "wall s"],
        };
        foreach (var r in rows)
        {
            var cells = new List<string> { I(r.Budget), r.Rollouts.Mean.ToString("0", Inv), r.ValScore.Format("0.000"), r.TestScore.Format("0.000") };
            if (reference)
            {
                cells.Add(r.ReferenceTestScore?.ToString("0.00", Inv) ?? "-");
                cells.Add(r.Gap?.ToString("+0.000;-0.000;0.000", Inv) ?? "-");
            }

            cells.AddRange([r.Candidates.Mean.ToString("0.0", Inv), r.ReflectionCalls.Mean.ToString("0.0", Inv), r.Tokens.Mean.ToString("N0", Inv), r.WallSeconds.Mean.ToString("0.00", Inv)]);
            table.Add([.. cells]);
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(row => row[c].Length)).ToArray();
        return [.. table.Select(row => string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd())];
    }

    /// <summary>Writes every run as CSV.</summary>
    /// <param name="runs">The runs.</param>
    /// <returns>The CSV text.</returns>
    public static string RunsCsv(IEnumerable<BenchmarkRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var sb = new StringBuilder("config,budget,seed,val_score,test_score,rollouts,candidates,reflection_calls,tokens,wall_seconds,stop_reason\n");
        foreach (var r in runs)
        {
            sb.Append(Inv, $"{Csv(r.Config)},{r.Budget},{r.Seed},{R(r.ValScore)},{R(r.TestScore)},{r.Rollouts},{r.Candidates},{r.ReflectionCalls},{r.Tokens},{r.WallSeconds.ToString("0.###", Inv)},{Csv(r.StopReason)}\n");
        }

        return sb.ToString();
    }

    /// <summary>Writes the summary rows as CSV.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The CSV text.</returns>
    public static string SummaryCsv(IEnumerable<BenchmarkRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("config,budget,runs,val_mean,val_sd,test_mean,test_sd,reference_test,gap,rollouts_mean,rollouts_sd,candidates_mean,reflection_calls_mean,tokens_mean,wall_seconds_mean\n");
        foreach (var r in rows)
        {
            sb.Append(Inv, $"{Csv(r.Config)},{r.Budget},{r.Runs},{R(r.ValScore.Mean)},{R(r.ValScore.Sd)},{R(r.TestScore.Mean)},{R(r.TestScore.Sd)},");
            sb.Append(Inv, $"{(r.ReferenceTestScore is { } rf ? R(rf) : "")},{(r.Gap is { } g ? R(g) : "")},{r.Rollouts.Mean.ToString("0.#", Inv)},{r.Rollouts.Sd.ToString("0.#", Inv)},");
            sb.Append(Inv, $"{r.Candidates.Mean.ToString("0.##", Inv)},{r.ReflectionCalls.Mean.ToString("0.##", Inv)},{r.Tokens.Mean.ToString("0", Inv)},{r.WallSeconds.Mean.ToString("0.###", Inv)}\n");
        }

        return sb.ToString();
    }

    /// <summary>Writes the markdown report: settings, the exact command, one table per configuration, the plot.</summary>
    /// <param name="doc">The results.</param>
    /// <param name="plotLink">The plot's path relative to the markdown file.</param>
    /// <param name="tolerance">How far below the reference a mean test score may fall before it is flagged.</param>
    /// <returns>The markdown, between begin and end markers naming the label.</returns>
    public static string Markdown(BenchmarkDocument doc, string plotLink, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var sb = new StringBuilder();
        sb.Append(Inv, $"{BeginMarker(doc.Label)}\n");
        sb.Append(Inv, $"### {doc.Label}\n\n");
        if (doc.Simulated && doc.MultiHopSimulation)
        {
            sb.Append("Measured with the SIMULATED multi-hop task and reflection models (no real model; retrieval is real BM25): the scores show how the search behaves, not language quality.\n\n");
        }
        else if (doc.Simulated)
        {
            sb.Append("Measured in RuleWorld, the deterministic SIMULATED world (no real model): the scores show how the search behaves, not language quality.\n\n");
        }

        sb.Append(Inv, $"Generated by `gepa bench` (finished {doc.FinishedUtc}; {doc.ProcessorCount} cores, {doc.Parallel} runs at once; {doc.TotalWallSeconds.ToString("0.0", Inv)} s in all). Command, from the repository root (`gepa` is `dotnet run --project src/Gepa.Cli --`):\n\n");
        sb.Append(Inv, $"```\n{doc.Command}\n```\n\n");
        sb.Append(Inv, $"Each configuration ran with engine seeds 0 to {doc.Seeds - 1} at each budget; the best candidate of each run (by validation score) was then scored on the test split, outside the budget. Cells are mean ± sd over the seeds; rollouts are those actually spent; tokens are the task and reflection models' input plus output during the optimization; wall time is one run's.\n");
        foreach (var (name, file) in doc.Configs)
        {
            var rows = doc.Rows.Where(r => r.Config == name).ToList();
            var reference = doc.References.GetValueOrDefault(name);
            sb.Append(Inv, $"\n#### {name} (`{file.Replace('\\', '/')}`)\n\n");
            sb.Append(reference is null
                ? "| budget | rollouts spent | valset score | test score | candidates | reflection calls | tokens | wall s |\n|---|---|---|---|---|---|---|---|\n"
                : "| budget | rollouts spent | valset score | test score | reference test | Δ test | candidates | reflection calls | tokens | wall s |\n|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var r in rows)
            {
                sb.Append(Inv, $"| {r.Budget} | {r.Rollouts.Mean:0} | {r.ValScore.Format("0.000")} | **{r.TestScore.Format("0.000")}** |");
                if (reference is not null)
                {
                    var flag = r.Gap is { } g && g < -tolerance ? " (below the reference by more than " + tolerance.ToString("0.##", Inv) + ")" : "";
                    sb.Append(Inv, $" {(r.ReferenceTestScore is { } rf ? rf.ToString("0.00", Inv) : "-")} | {(r.Gap is { } gap ? gap.ToString("+0.000;-0.000;0.000", Inv) + flag : "-")} |");
                }

                sb.Append(Inv, $" {r.Candidates.Mean:0.0} | {r.ReflectionCalls.Mean:0.0} | {r.Tokens.Mean:N0} | {r.WallSeconds.Mean:0.00} |\n");
            }

            if (reference is not null)
            {
                sb.Append(Inv, $"\nReference: {reference.Label}.\n");
            }
        }

        sb.Append(Inv, $"\n![test score against rollouts]({plotLink})\n");
        sb.Append(Inv, $"{EndMarker(doc.Label)}\n");
        return sb.ToString();
    }

    /// <summary>Puts a markdown block into a file: replaces the block with the same label if the file has one, else
    /// appends it; so that one file can hold the reports of several benchmarks among hand-written text.</summary>
    /// <param name="existing">The file's current text, or <see langword="null"/> when it does not exist.</param>
    /// <param name="label">The block's label.</param>
    /// <param name="block">The block, with its markers.</param>
    /// <returns>The new text of the file.</returns>
    public static string Merge(string? existing, string label, string block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (string.IsNullOrEmpty(existing))
        {
            return block;
        }

        var begin = existing.IndexOf(BeginMarker(label), StringComparison.Ordinal);
        var end = begin < 0 ? -1 : existing.IndexOf(EndMarker(label), begin, StringComparison.Ordinal);
        if (begin < 0 || end < 0)
        {
            return existing.TrimEnd('\n') + "\n\n" + block;
        }

        var after = end + EndMarker(label).Length;
        if (after < existing.Length && existing[after] == '\n')
        {
            after++;
        }

        return existing[..begin] + block + existing[after..];
    }

    private static string BeginMarker(string label) => $"<!-- gepa-bench: {label} -->";

    private static string EndMarker(string label) => $"<!-- /gepa-bench: {label} -->";

    private static string I(int i) => i.ToString(Inv);

    private static string R(double d) => d.ToString("0.####", Inv);

    private static string Csv(string s) =>
        s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
