using Gepa.Cli.Benchmarks;
using Xunit;

namespace Gepa.Cli.Tests.Benchmarks;

public sealed class BenchmarkReportTests
{
    private static BenchmarkRun Run(int budget, int seed, double test) => new()
    {
        Config = "c", Budget = budget, Seed = seed, ValScore = test, TestScore = test, Rollouts = budget - 10, Candidates = 3,
        ReflectionCalls = 4, Tokens = 1000, WallSeconds = 0.5, StopReason = "BudgetExhausted",
    };

    [Fact]
    public void Of_Runs_MeanAndSampleSdAndTheGapToTheReference()
    {
        var row = BenchmarkRow.Of([Run(100, 0, 0.5), Run(100, 1, 0.7)], new ReferenceCurve("ref", [new(100, 0.65, null)]));

        Assert.Equal(0.6, row.TestScore.Mean, 9);
        Assert.Equal(Math.Sqrt(0.02), row.TestScore.Sd, 9);
        Assert.Equal(-0.05, row.Gap!.Value, 9);
        Assert.Equal(90, row.Rollouts.Mean);
        Assert.Equal("0.600 ± 0.141", row.TestScore.Format("0.000"));
    }

    [Fact]
    public void Merge_ReplacesTheBlockOfTheSameLabelAndAppendsAnother()
    {
        const string A1 = "<!-- gepa-bench: a -->\nold\n<!-- /gepa-bench: a -->\n";
        const string A2 = "<!-- gepa-bench: a -->\nnew\n<!-- /gepa-bench: a -->\n";
        const string B = "<!-- gepa-bench: b -->\nb\n<!-- /gepa-bench: b -->\n";

        var file = BenchmarkReport.Merge("# Title\n\nintro\n", "a", A1);
        file = BenchmarkReport.Merge(file, "b", B);
        file = BenchmarkReport.Merge(file, "a", A2);

        Assert.Equal("# Title\n\nintro\n\n" + A2 + "\n" + B, file);
        Assert.Equal(A1, BenchmarkReport.Merge(null, "a", A1));
    }

    [Fact]
    public void Csv_RunsAndSummary_HaveAHeaderAndOneLineEach()
    {
        var runs = new[] { Run(100, 0, 0.5), Run(100, 1, 0.75) };
        var runsCsv = BenchmarkReport.RunsCsv(runs).TrimEnd().Split('\n');
        var summary = BenchmarkReport.SummaryCsv([BenchmarkRow.Of(runs, null)]).TrimEnd().Split('\n');

        Assert.Equal("c,100,1,0.75,0.75,90,3,4,1000,0.5,BudgetExhausted", runsCsv[2]);
        Assert.Equal(2, summary.Length);
        Assert.StartsWith("c,100,2,0.625,", summary[1], StringComparison.Ordinal);
    }
}
