using System.Text.Json.Nodes;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Commands;

/// <summary>'gepa bench' through the command line, in-process, on the single-module RuleWorld sample with tiny budgets.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string Sample = Path.Combine(CliHarness.RepositoryRoot, "samples", "rule-world", "single-module.yaml");
    private readonly CliHarness _h = new();

    public BenchCommandTests() => _h.Write("ref.csv", "# label: the reference\nrollouts,test_score,sd\n150,0.2,0.05\n300,0.3,\n");

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Bench_TwoSeedsTwoBudgets_WritesCsvJsonMarkdownAndPlot()
    {
        _h.Write("docs/bench.md", "# Benchmarks\n\nHand-written text stays.\n");

        var code = await _h.RunAsync(
            "bench", Sample, "--seeds", "2", "--budgets", "300,150", "--set", "world.val=20", "--set", "world.test=40",
            "--reference-curve", "ref.csv", "--out", "out", "--markdown", "docs/bench.md", "--label", "smoke", "--parallel", "2");

        Assert.True(code == 0, _h.Error);
        var runs = File.ReadAllLines(_h.Path("out/runs.csv"));
        Assert.Equal(5, runs.Length);
        Assert.Equal(["single-module,150,0", "single-module,150,1", "single-module,300,0", "single-module,300,1"], runs[1..].Select(l => string.Join(',', l.Split(',')[..3])));
        var doc = JsonNode.Parse(File.ReadAllText(_h.Path("out/bench.json")))!;
        Assert.True(doc["simulated"]!.GetValue<bool>());
        var rows = doc["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            var budget = row!["budget"]!.GetValue<int>();
            Assert.InRange(row["rollouts"]!["mean"]!.GetValue<double>(), 20, budget);
            Assert.InRange(row["testScore"]!["mean"]!.GetValue<double>(), 0, 1);
            Assert.True(row["tokens"]!["mean"]!.GetValue<double>() > 0);
            Assert.Equal(budget == 150 ? 0.2 : 0.3, row["referenceTestScore"]!.GetValue<double>());
        }

        // A budget of 300 leaves room for proposals: some run found a better prompt than the seed, which scores 0.
        Assert.Contains(doc["runs"]!.AsArray(), r => r!["budget"]!.GetValue<int>() == 300 && r["testScore"]!.GetValue<double>() > 0);
        var png = File.ReadAllBytes(_h.Path("out/test-score.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 5000);

        var markdown = File.ReadAllText(_h.Path("docs/bench.md"));
        Assert.StartsWith("# Benchmarks\n\nHand-written text stays.\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| 150 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 300 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Reference: the reference.", markdown, StringComparison.Ordinal);
        Assert.Contains("![test score against rollouts](../out/test-score.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("gepa bench " + Sample + " --seeds 2 --budgets 300,150", markdown, StringComparison.Ordinal);
        Assert.Contains("SIMULATED", markdown, StringComparison.Ordinal);
        Assert.Contains("SIMULATED WORLD", _h.Out, StringComparison.Ordinal);
        Assert.Contains("[4/4] single-module budget", _h.Out, StringComparison.Ordinal);
        Assert.Contains("Note: these scores come from the simulated RuleWorld", _h.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scalar-only")]
    [InlineData("random-search")]
    [InlineData("best-of-n")]
    public async Task Bench_BaselineStrategy_RunsWithinTheBudget(string strategy)
    {
        var code = await _h.RunAsync(
            "bench", Sample, "--seeds", "2", "--budgets", "200", "--set", "world.val=20", "--set", "world.test=20",
            "--set", "strategy=" + strategy, "--out", "out", "-q");

        Assert.True(code == 0, _h.Error);
        var doc = JsonNode.Parse(File.ReadAllText(_h.Path("out/bench.json")))!;
        foreach (var run in doc["runs"]!.AsArray())
        {
            Assert.InRange(run!["rollouts"]!.GetValue<int>(), 20, 200);
            Assert.True(run["reflectionCalls"]!.GetValue<int>() > 0);
        }

        // best-of-n scores the seed and then one sample per validation pass the budget pays for: 200 / 20 = 10 in all.
        if (strategy == "best-of-n")
        {
            Assert.All(doc["runs"]!.AsArray(), r => Assert.Equal(10, r!["candidates"]!.GetValue<int>()));
        }
    }

    [Fact]
    public async Task Bench_Sweep_RunsEachConfigurationOncePerValueAsNamedVariants()
    {
        var code = await _h.RunAsync(
            "bench", Sample, "--seeds", "1", "--budgets", "150", "--set", "world.val=20", "--set", "world.test=20",
            "--sweep", "engine.minibatch-size=2,4", "--out", "out", "-q");

        Assert.True(code == 0, _h.Error);
        var doc = JsonNode.Parse(File.ReadAllText(_h.Path("out/bench.json")))!;
        Assert.Equal(
            ["single-module@engine.minibatch-size=2", "single-module@engine.minibatch-size=4"],
            doc["rows"]!.AsArray().Select(r => r!["config"]!.GetValue<string>()));
        Assert.EndsWith("--set engine.minibatch-size=4", doc["configs"]!["single-module@engine.minibatch-size=4"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("engine.minibatch-size=0", "minibatch-size")]
    [InlineData("=3,4", "--sweep must be key=value1,value2")]
    public async Task Bench_BadSweep_IsBadInputNamingIt(string sweep, string expected)
    {
        var code = await _h.RunAsync("bench", Sample, "--seeds", "1", "--budgets", "150", "--sweep", sweep, "--out", "out");

        Assert.Equal(2, code);
        Assert.Contains(expected, _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("out")));
    }

    [Fact]
    public async Task Optimize_BestOfN_IsBadInputNamingGepaBench()
    {
        var code = await _h.RunAsync("optimize", Sample, "--set", "strategy=best-of-n", "--out", "run");

        Assert.Equal(2, code);
        Assert.Contains("best-of-n is a baseline for gepa bench", _h.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_EmptyTestSplit_IsBadInputAndWritesNothing()
    {
        var code = await _h.RunAsync("bench", Sample, "--seeds", "1", "--budgets", "150", "--set", "world.test=0", "--out", "out");

        Assert.Equal(2, code);
        Assert.Contains("the test split is empty", _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("out")));
    }

    [Theory]
    [InlineData("--budgets", "0,100", "--budgets must be whole numbers")]
    [InlineData("--seeds", "0", "--seeds must be between 1 and 10000")]
    [InlineData("--reference-curve", "missing.csv", "missing.csv: the reference curve file does not exist.")]
    public async Task Bench_BadArguments_OneLineAndExitCode2(string option, string value, string expected)
    {
        string[] args = ["bench", Sample, "--out", "out", option, value];
        if (option != "--budgets")
        {
            args = [.. args, "--budgets", "150"];
        }

        var code = await _h.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("out")));
    }
}
