using System.Text.Json.Nodes;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Samples;

/// <summary>The sample configurations under samples/rule-world run offline through the command line, improve the
/// score, print the evolved prompt and say that the world is simulated.</summary>
public sealed class RuleWorldSamplesTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("single-module.yaml", "system_prompt")]
    [InlineData("two-module.yaml", "answer")]
    public async Task Optimize_Sample_ImprovesPrintsTheEvolvedPromptAndTheSimulationNote(string sample, string component)
    {
        var config = Path.Combine(CliHarness.RepositoryRoot, "samples", "rule-world", sample);

        var code = await _h.RunAsync("optimize", config, "--out", "run", "--set", "engine.max-metric-calls=700");

        Assert.True(code == 0, _h.Error);
        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        var seed = result["candidates"]![0]!["valScore"]!.GetValue<double>();
        var best = result["bestScore"]!.GetValue<double>();
        Assert.True(best > seed, $"{sample}: the best valset score {best} is not above the seed's {seed}");
        Assert.True(result["totalMetricCalls"]!.GetValue<int>() <= 700);
        Assert.Contains("SIMULATED WORLD: RuleWorld stands in for the task model", _h.Out, StringComparison.Ordinal);
        Assert.Contains("task: rule-world (simulated;", _h.Out, StringComparison.Ordinal);
        Assert.Contains("Stopped:", _h.Out, StringComparison.Ordinal);
        Assert.Contains($"--- {component} ---", _h.Out, StringComparison.Ordinal);
        var bestText = result["candidates"]![result["bestIndex"]!.GetValue<int>()]!["components"]![component]!.GetValue<string>();
        Assert.Contains(bestText, _h.Out, StringComparison.Ordinal);
        Assert.Contains("Note: these scores come from the simulated RuleWorld, not from a real model.", _h.Out, StringComparison.Ordinal);
        Assert.Contains("replace 'task: rule-world'", _h.Out, StringComparison.Ordinal);

        Assert.True(await _h.RunAsync("evaluate", config, "--candidate", "run/best_candidate.json", "--split", "test") == 0, _h.Error);
        Assert.StartsWith("test: mean score ", _h.Out, StringComparison.Ordinal);
        Assert.Contains("over 300 examples", _h.Out, StringComparison.Ordinal);
        Assert.Contains("Note: scored in the simulated RuleWorld, not by a real model.", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_SampleAsJsonLines_StartsWithTheSimulationNote()
    {
        var config = Path.Combine(CliHarness.RepositoryRoot, "samples", "rule-world", "single-module.yaml");

        var code = await _h.RunAsync("optimize", config, "--out", "run", "--json", "--set", "engine.max-metric-calls=200");

        Assert.True(code == 0, _h.Error);
        var first = JsonNode.Parse(_h.Out.Split('\n')[0])!;
        Assert.Equal("note", first["event"]!.GetValue<string>());
        Assert.StartsWith("SIMULATED WORLD", first["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(_h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => JsonNode.Parse(line));
    }
}
