using System.Text.Json.Nodes;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Running;

/// <summary>The semantic and self-consistency metrics from the configuration's metric section, end to end against the
/// loopback server.</summary>
public sealed class RicherMetricTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackCli.StartAsync(_h, taskSetup: new ChatPromptTaskSetup());

    public ValueTask DisposeAsync() => LoopbackCli.StopAsync(_server, _h);

    private double BestScore() => JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!["bestScore"]!.GetValue<double>();

    [Fact]
    public async Task Optimize_SemanticMetric_ScoresByCosineAndImproves()
    {
        _server.Responder = CapitalQuiz.AllCapitals;

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet", "--set", "metric.name=semantic");

        Assert.True(code == 0, _h.Error);
        Assert.Equal(1 / Math.Sqrt(6), BestScore(), 3);
    }

    [Fact]
    public async Task Optimize_SelfConsistency_SamplesWithDistinctSeedsAndRewardsAgreement()
    {
        // Under the seed prompt the model answers Paris for even seeds and Lyon for odd ones; the rewritten prompt settles it.
        _server.Responder = r =>
        {
            if (r.Json["model"]!.GetValue<string>() == "reflection-model")
            {
                return FakeReply.Ok("```\nAnswer with the capital city's name.\n```");
            }

            var seed = r.Json["seed"]?.GetValue<long>() ?? 0;
            return FakeReply.Ok(r.Body.Contains("capital city", StringComparison.Ordinal) || seed % 2 == 0 ? "Answer: Paris" : "Answer: Lyon");
        };

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet", "--set", "metric.name=self-consistency", "--set", "metric.parameters.samples=5");

        Assert.True(code == 0, _h.Error);
        Assert.Equal(1.0, BestScore());
        var seeds = _server.Requests.Where(r => r.Json["model"]!.GetValue<string>() == "task-model").Select(r => r.Json["seed"]?.GetValue<long>()).Distinct().ToList();
        Assert.Equal(5, seeds.Count);
    }

    [Theory]
    [InlineData("metric.parameters.samples=1", "expected a whole number from 2 to 20, got '1'")]
    [InlineData("metric.parameters.sample=3", "did you mean 'samples'")]
    public async Task Optimize_SelfConsistencyBadParameter_OneError(string parameter, string message)
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--set", "metric.name=self-consistency", "--set", parameter);

        Assert.Equal(2, code);
        Assert.Contains(message, _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("run")));
    }

    [Fact]
    public async Task Optimize_SemanticThresholdOutOfRange_OneError()
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--set", "metric.name=semantic", "--set", "metric.parameters.sentence-threshold=2");

        Assert.Equal(2, code);
        Assert.Contains("metric.parameters.sentence-threshold: expected a number from 0 to 1, got '2'.", _h.Error, StringComparison.Ordinal);
    }
}
