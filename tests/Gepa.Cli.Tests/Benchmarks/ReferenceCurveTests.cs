using Gepa.Cli.Benchmarks;
using Gepa.Cli.Configuration;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Benchmarks;

public sealed class ReferenceCurveTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Load_TheShippedReferenceCurves_ReadTheSpecificationsTable()
    {
        var one = ReferenceCurve.Load(Path.Combine(CliHarness.RepositoryRoot, "bench", "rule-world", "reference-gepa-0.1.4-modules-1.csv"), "m1");
        var two = ReferenceCurve.Load(Path.Combine(CliHarness.RepositoryRoot, "bench", "rule-world", "reference-gepa-0.1.4-modules-2.csv"), "m2");

        Assert.Equal("gepa 0.1.4 (Python reference), 20 seeds", one.Label);
        Assert.Equal([500, 1000, 2000, 4000], one.Points.Select(p => p.Rollouts));
        Assert.Equal([0.39, 0.59, 0.76, 0.85], one.Points.Select(p => p.TestScore));
        Assert.Equal([0.30, 0.53, 0.74, 0.88], two.Points.Select(p => p.TestScore));
        Assert.Null(one.Points[0].Sd);
        Assert.Equal(0.12, one.Points[1].Sd);
        Assert.Equal(0.59, one.ScoreAt(1000));
        Assert.Null(one.ScoreAt(1500));
    }

    [Theory]
    [InlineData("budget,score\n1,0.5\n", "c.csv:1:1: expected the header rollouts,test_score,sd.")]
    [InlineData("rollouts,test_score\n100,high\n", "c.csv:2:1: expected rollouts (a whole number ≥ 1), test_score (a number) and an optional sd.")]
    [InlineData("# nothing\nrollouts,test_score\n", "c.csv: the reference curve has no points")]
    public void Load_Malformed_NamesTheLine(string text, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ReferenceCurve.Load(_h.Write("c.csv", text), "c.csv"));

        Assert.StartsWith(expected, e.Errors.Single().ToString(), StringComparison.Ordinal);
    }
}
