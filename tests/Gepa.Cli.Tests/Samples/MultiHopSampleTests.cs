using System.Text.Json.Nodes;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Samples;

/// <summary>samples/multihop runs offline from its README, as a new user would: a pipeline declared in YAML, every step
/// optimized, the simulation named first.</summary>
public sealed class MultiHopSampleTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Optimize_Sample_ImprovesEveryStepAndSaysItIsASimulation()
    {
        var config = Path.Combine(CliHarness.RepositoryRoot, "samples", "multihop", "multihop.yaml");

        var code = await _h.RunAsync("optimize", config, "--out", "run", "--set", "engine.max-metric-calls=400");

        Assert.True(code == 0, _h.Error);
        Assert.StartsWith("SIMULATION:", _h.Out.TrimStart(), StringComparison.Ordinal);
        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        var seed = result["candidates"]![0]!["valScore"]!.GetValue<double>();
        var best = result["bestScore"]!.GetValue<double>();
        Assert.True(seed < 0.2, $"seed {seed}");
        Assert.True(best > 0.6, $"best {best}");
        var components = result["candidates"]![result["bestIndex"]!.GetValue<int>()]!["components"]!.AsObject();
        Assert.Equal(["summarize", "write_query", "answer"], components.Select(c => c.Key));
        Assert.Contains("bridge entity", components["write_query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("--- write_query ---", _h.Out, StringComparison.Ordinal);
        Assert.Contains("simulated multi-hop task and reflection models", _h.Out, StringComparison.Ordinal);

        Assert.True(await _h.RunAsync("evaluate", config, "--candidate", "run/best_candidate.json", "--split", "test") == 0, _h.Error);
        Assert.StartsWith("test: mean score ", _h.Out, StringComparison.Ordinal);
        Assert.Contains("over 50 examples", _h.Out, StringComparison.Ordinal);
        Assert.Contains("  objective retrieval_recall: mean ", _h.Out, StringComparison.Ordinal);
        Assert.Contains("Note: scored by the simulated multi-hop models", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_TemplateWithAnUnknownPlaceholder_FailsBeforeAnyModelCallNamingTheEntry()
    {
        var sample = File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "samples", "multihop", "multihop.yaml"))
            .Replace("\"Question: {question}\\n\\nSummary:\\n{notes}\"", "\"Question: {question}\\n\\nSummary:\\n{note}\"", StringComparison.Ordinal);
        foreach (var file in new[] { "corpus.jsonl", "train.jsonl", "val.jsonl", "test.jsonl" })
        {
            _h.Write("data/" + file, File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "samples", "multihop", "data", file)));
        }

        var code = await _h.RunAsync("optimize", _h.Write("mh.yaml", sample), "--out", "run");

        Assert.NotEqual(0, code);
        Assert.Contains("pipeline.flow[2].input", _h.Error, StringComparison.Ordinal);
        Assert.Contains("{note} has no value here", _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("run")) && File.Exists(_h.Path("run/result.json")));
    }
}
