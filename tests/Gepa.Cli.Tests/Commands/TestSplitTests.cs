using System.Text.Json.Nodes;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;
using static Gepa.Cli.Tests.TestSupport.CapitalQuiz;

namespace Gepa.Cli.Tests.Commands;

/// <summary>The end of 'gepa optimize': the best candidate scored on the test split outside the budget, and the seed's
/// and the best's per-example results in examples.json; against the loopback server.</summary>
public sealed class TestSplitTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackCli.StartAsync(_h, Answer);

    public ValueTask DisposeAsync() => LoopbackCli.StopAsync(_server, _h);

    [Fact]
    public async Task Optimize_WithATestSplit_ScoresTheBestOnItOutsideTheBudget_AndSaysSo()
    {
        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        var summary = JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!;
        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        Assert.Equal(1.0, summary["testScore"]!.GetValue<double>());
        Assert.Equal(2, summary["testExamples"]!.GetValue<int>());
        Assert.Equal(result["bestIndex"]!.GetValue<int>(), summary["testCandidate"]!.GetValue<int>());
        Assert.Contains("outside the rollout budget", summary["testNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1.0, result["testScore"]!.GetValue<double>());
        Assert.Contains("Test:      1 on 2 test examples", _h.Out, StringComparison.Ordinal);
        Assert.Contains("outside the rollout budget", _h.Out, StringComparison.Ordinal);

        // Outside the budget: the rollouts are the engine's, and the task model was called twice more.
        var rollouts = result["totalMetricCalls"]!.GetValue<int>();
        Assert.Equal(rollouts, summary["rollouts"]!.GetValue<int>());
        Assert.True(rollouts <= 40);
        var task = result["usage"]!.AsArray().First(u => u!["role"]!.GetValue<string>() == "task")!;
        Assert.Equal(rollouts + 2, task["calls"]!.GetValue<int>());
    }

    [Fact]
    public async Task Optimize_WithoutATestSplit_SkipsTheStepCleanly()
    {
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri).Replace("  test: data/test.jsonl\n", "", StringComparison.Ordinal));

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--json") == 0, _h.Error);

        var summary = JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!;
        Assert.Null(summary["testScore"]);
        Assert.Contains("no test split", summary["testNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("completed", summary["status"]!.GetValue<string>());
        var last = JsonNode.Parse(_h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.Equal("summary", last["event"]!.GetValue<string>());
        Assert.Null(last["testScore"]);
    }

    [Fact]
    public async Task Optimize_TestSplitFails_WarnsAndTheRunStaysComplete()
    {
        // Only the test split asks about Kenya, and the server refuses it.
        _h.Write("data/test.jsonl", """{"input": "Capital of Kenya?", "answer": "Nairobi"}""");
        _server.Responder = r => r.Body.Contains("Kenya", StringComparison.Ordinal) ? FakeReply.Error(400) : Answer(r);

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        var summary = JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!;
        Assert.Equal("completed", summary["status"]!.GetValue<string>());
        Assert.Null(summary["testScore"]);
        Assert.StartsWith("not scored:", summary["testNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("warning: the test split could not be scored", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_WritesTheSeedsAndTheBestsValidationExamples()
    {
        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        var examples = GepaRunDirectory.ReadExamples(_h.Path("run"))!;
        var best = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!["bestIndex"]!.GetValue<int>();
        Assert.NotEqual(0, best);
        Assert.Equal(best, examples.Best);
        Assert.Equal([0, best], examples.Candidates.Select(c => c.Candidate));
        var seed = examples.Candidates[0].Examples;
        var top = examples.Candidates[1].Examples;
        Assert.Equal([0, 1, 2, 3], seed.Select(e => e.Example));
        Assert.Equal("Capital of Spain?", seed[0].Input);
        Assert.Equal("Madrid", seed[0].Expected);
        Assert.Equal("I am not sure.", seed[0].Output);
        Assert.Equal("Wrong; the expected answer is Madrid.", seed[0].Feedback);
        Assert.Equal(0, seed[0].Score);
        Assert.Equal("Madrid", top[0].Output);
        Assert.Equal("Correct.", top[0].Feedback);
        Assert.Equal(1, top[0].Score);
        Assert.DoesNotContain(Configs.Secret, File.ReadAllText(_h.Path("run/examples.json")), StringComparison.Ordinal);
    }
}
