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

    [Fact]
    public async Task Optimize_UsersOwnEvaluator_LoadedFromItsAssemblyScoresAndItsReasonReachesReflection()
    {
        _server.Responder = CapitalQuiz.Answer;

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet", "--set", "metric.name=evaluator",
            "--set", "metric.parameters.assembly=" + typeof(CertaintyEvaluator).Assembly.Location, "--set", "metric.parameters.type=" + typeof(CertaintyEvaluator).FullName);

        Assert.True(code == 0, _h.Error);
        Assert.Equal(1.0, BestScore()); // a rating of 5 on the 1-to-5 scale
        var seedScores = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!["candidates"]![0]!["valScore"]!.GetValue<double>();
        Assert.Equal(0.0, seedScores); // "I am not sure." is rated 1
        Assert.Contains(_server.Requests, r => r.Json["model"]!.GetValue<string>() == "reflection-model" && r.Body.Contains("The reply hedges instead of naming the city.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("metric.parameters.assembly=missing/Evaluators.dll", "metric.parameters.assembly", "does not exist")]
    [InlineData("metric.parameters.type=Gepa.Cli.Tests.Running.NotAnEvaluator", "metric.parameters.type", "does not implement Microsoft.Extensions.AI.Evaluation.IEvaluator")]
    [InlineData("metric.parameters.type=No.Such.Type", "metric.parameters.type", "has no public type 'No.Such.Type'")]
    [InlineData("metric.parameters.max=1", "metric.parameters.max", "must be above metric.parameters.min")]
    public async Task Optimize_EvaluatorBadParameter_OneErrorNamingTheKey(string parameter, string key, string message)
    {
        var assembly = parameter.StartsWith("metric.parameters.assembly=", StringComparison.Ordinal) ? parameter : "metric.parameters.assembly=" + typeof(CertaintyEvaluator).Assembly.Location;
        var type = parameter.StartsWith("metric.parameters.type=", StringComparison.Ordinal) ? parameter : "metric.parameters.type=" + typeof(CertaintyEvaluator).FullName;
        string[] args = ["optimize", "gepa.yaml", "--out", "run", "--set", "metric.name=evaluator", "--set", assembly, "--set", type];
        if (parameter.StartsWith("metric.parameters.max", StringComparison.Ordinal))
        {
            args = [.. args, "--set", parameter];
        }

        var code = await _h.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(key + ":", _h.Error, StringComparison.Ordinal);
        Assert.Contains(message, _h.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("run")));
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
