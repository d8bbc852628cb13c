using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;
using static Gepa.Cli.Tests.TestSupport.CapitalQuiz;

namespace Gepa.Cli.Tests.Cli;

/// <summary>End-to-end runs of 'gepa optimize' and 'gepa evaluate': the real engine, the real OpenAI SDK connector and
/// the middleware, against the loopback server, with faults injected.</summary>
public sealed class OptimizeCommandTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackCli.StartAsync(_h, Answer);

    public ValueTask DisposeAsync() => LoopbackCli.StopAsync(_server, _h);

    [Fact]
    public async Task Optimize_EchoingReflectionWithCacheAndNoDedup_EndsByItselfWithoutCopies()
    {
        // Issue 18, as a user met it: cache on, improvement-or-equal, dedup off and a reflection model that returns the
        // parent's text made copies scored from the cache for free and accepted forever.
        _server.Responder = r => r.Json["model"]!.GetValue<string>() == "reflection-model"
            ? FakeReply.Ok("```\nYou are a helpful assistant.\n```")
            : FakeReply.Ok("I am not sure.");
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri, budget: 1000).Replace("  seed: 1", "  seed: 1\n  cache-evaluation: true\n  acceptance: improvement-or-equal\n  deduplicate-candidates: false", StringComparison.Ordinal));
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(2)); // the defect ran without end

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await _h.RunWithAsync(output, error, guard.Token, "optimize", "gepa.yaml", "--out", "run", "--quiet");

        Assert.True(code == 0, error.ToString());
        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        Assert.Equal("NoProgress", result["stopReason"]!.GetValue<string>());
        Assert.Single(result["candidates"]!.AsArray());
        var reflectionCalls = _server.Requests.Count(q => q.Json["model"]!.GetValue<string>() == "reflection-model");
        Assert.InRange(reflectionCalls, 1, 40);
    }

    [Fact]
    public async Task Optimize_PlainMode_ImprovesWritesResultAndSummarizes()
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run");

        Assert.True(code == 0, _h.Error);
        Assert.Contains("budget 40 rollouts allows about", _h.Out, StringComparison.Ordinal);
        Assert.Contains("rollouts ", _h.Out, StringComparison.Ordinal);
        Assert.Contains("Stopped:", _h.Out, StringComparison.Ordinal);
        Assert.Contains("task       ", _h.Out, StringComparison.Ordinal);
        Assert.Contains("reflection ", _h.Out, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_h.Path("run"), "result.json"), _h.Out, StringComparison.Ordinal);

        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        Assert.Equal(1.0, result["bestScore"]!.GetValue<double>());
        Assert.True(result["totalMetricCalls"]!.GetValue<int>() <= 40);
        var candidates = result["candidates"]!.AsArray();
        Assert.True(candidates.Count >= 2);
        Assert.Empty(candidates[0]!["parents"]!.AsArray());
        Assert.Equal(0, candidates[1]!["parents"]![0]!.GetValue<int>());
        Assert.Equal(4, candidates[0]!["valSubscores"]!.AsObject().Count);
        Assert.NotNull(result["stopReason"]);
        var best = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_h.Path("run/best_candidate.json")))!;
        Assert.Equal("Answer with the capital city's name.", best["system_prompt"]);
        Assert.Empty(Directory.GetFiles(_h.Path("run"), "*.tmp"));
        Assert.DoesNotContain(Configs.Secret, _h.Out + _h.Error + File.ReadAllText(_h.Path("run/result.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_WithInjectedFaults_CompletesAndCountsRetries()
    {
        _server.Enqueue(FakeReply.Error(429, retryAfter: "0"), FakeReply.Error(500), FakeReply.BadJson(), FakeReply.Slow(TimeSpan.FromSeconds(20)));
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--json", "--set", "task-model.timeout=500ms");

        Assert.True(code == 0, _h.Error);
        var events = _h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal("preflight", events[0]["event"]!.GetValue<string>());
        var summary = events[^1];
        Assert.Equal("summary", summary["event"]!.GetValue<string>());
        var task = summary["usage"]!.AsArray().First(u => u!["role"]!.GetValue<string>() == "task")!;
        Assert.Equal(4, task["retries"]!.GetValue<int>());
        Assert.True(task["cost"]!.GetValue<decimal>() > 0);
        Assert.Contains(events, e => e["event"]!.GetValue<string>() == "iteration");
        Assert.True(File.Exists(_h.Path("run/result.json")));

        // Every request the server saw is a well-formed chat-completions call.
        Assert.All(_server.Requests, r =>
        {
            Assert.Equal("/v1/chat/completions", r.Path);
            Assert.NotNull(r.Json["model"]);
            Assert.NotEmpty(r.Json["messages"]!.AsArray());
            Assert.Equal("***", r.Headers["authorization"]);
        });
        Assert.True(_server.MaxInFlight <= 2, $"max in flight {_server.MaxInFlight}");
    }

    [Fact]
    public async Task Optimize_Quiet_PrintsOnlyTheFinalLine()
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet");

        Assert.Equal(0, code);
        var line = Assert.Single(_h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("best 1 (candidate ", line, StringComparison.Ordinal);
        Assert.EndsWith("best_candidate.json", line.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal("", _h.Error);
    }

    [Fact]
    public async Task Optimize_LowBudget_WarnsBeforeRunning()
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--set", "engine.max-metric-calls=20");

        Assert.Equal(0, code);
        Assert.Contains("warning: fewer than 5 proposals fit in this budget", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_DefaultAdaptivePolicyWithABudgetTooSmallForItsMinibatch_RefusedNamingTheFixedPolicy()
    {
        // Four training examples: the focused minibatch takes all four, so seed validation and one proposal need 12.
        _h.Write("adaptive.yaml", Configs.Valid(_server.BaseUri, budget: 10, policy: null));

        var code = await _h.RunAsync("optimize", "adaptive.yaml", "--out", "run");

        Assert.Equal(2, code); // bad input: nothing was run
        Assert.Contains("engine.max-metric-calls is 10", _h.Error, StringComparison.Ordinal);
        Assert.Contains("budget.focus.failures + budget.focus.guards", _h.Error, StringComparison.Ordinal);
        Assert.Contains("budget.policy: fixed", _h.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_ResponseCache_SecondRunPaysNothingForRepeatedRequests()
    {
        var args = new[] { "optimize", "gepa.yaml", "--quiet", "--set", "response-cache=cache" };
        Assert.Equal(0, await _h.RunAsync([.. args, "--out", "run1"]));
        var firstRun = _server.Requests.Count;

        Assert.Equal(0, await _h.RunAsync([.. args, "--out", "run2"]));

        Assert.Equal(firstRun, _server.Requests.Count);
        Assert.NotEmpty(Directory.GetFiles(_h.Path("cache")));
    }

    [Fact]
    public async Task Optimize_ExistingResultInOut_Refused()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet"));

        Assert.Equal(2, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet"));
        Assert.Contains("already holds a run's result", _h.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_BestCandidateOnTest_PrintsMeanScore()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet"));

        var code = await _h.RunAsync("evaluate", "gepa.yaml", "--candidate", "run/best_candidate.json", "--split", "test");

        Assert.True(code == 0, _h.Error);
        Assert.Contains("test: mean score 1 over 2 examples (2 perfect)", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_SeedCandidate_ScoresZero()
    {
        _h.Write("seed.json", """{"system_prompt": "You are a helpful assistant."}""");

        Assert.Equal(0, await _h.RunAsync("evaluate", "gepa.yaml", "--candidate", "seed.json", "--split", "val"));
        Assert.Contains("val: mean score 0 over 4 examples", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_CandidateFileMissing_BadInput()
    {
        Assert.Equal(2, await _h.RunAsync("evaluate", "gepa.yaml", "--candidate", "nope.json"));
        Assert.Contains("the candidate file does not exist", Assert.Single(_h.ErrorLines), StringComparison.Ordinal);
    }
}
