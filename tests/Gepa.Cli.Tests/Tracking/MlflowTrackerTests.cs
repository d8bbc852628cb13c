using System.Text.Json.Nodes;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Tracking;

/// <summary>MLflow tracking of a real (simulated RuleWorld) run against a fake MLflow server on loopback.</summary>
public sealed class MlflowTrackerTests : IAsyncLifetime
{
    private const string Token = "mlflow-token-SECRET-0123456789";
    private readonly CliHarness _h = new();
    private FakeMlflowServer _mlflow = null!;

    public async ValueTask InitializeAsync()
    {
        _mlflow = await FakeMlflowServer.StartAsync();
        _h.Environment["MLFLOW_TRACKING_TOKEN"] = Token;
    }

    public async ValueTask DisposeAsync()
    {
        await _mlflow.DisposeAsync();
        _h.Dispose();
    }

    private void WriteConfig(string tracking) => _h.Write("gepa.yaml", $"""
        task: rule-world
        world: {"{"}rules: 6, train: 12, val: 8, test: 3{"}"}
        task-model: {"{"}provider: rule-world{"}"}
        reflection-model: {"{"}provider: rule-world{"}"}
        engine: {"{"}max-metric-calls: 150, seed: 1, minibatch-size: 3{"}"}
        budget: {"{"}policy: fixed{"}"}
        {tracking}
        """);

    [Fact]
    public async Task Optimize_WithMlflow_LogsParamsMetricsPerIterationTheBestCandidateAndTheStatus()
    {
        WriteConfig($"tracking: {{mlflow: {{uri: \"{_mlflow.BaseUri}\", experiment: prompts}}}}");

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        var calls = _mlflow.Calls;
        Assert.All(calls, c => Assert.Equal("Bearer " + Token, c.Authorization));
        Assert.Equal(("GET", "/api/2.0/mlflow/experiments/get-by-name"), (calls[0].Method, calls[0].Path));
        Assert.Equal("prompts", _mlflow.Bodies("/api/2.0/mlflow/experiments/create").Single()["name"]!.GetValue<string>());
        var run = _mlflow.Bodies("/api/2.0/mlflow/runs/create").Single();
        Assert.Equal("7", run["experiment_id"]!.GetValue<string>());
        Assert.Equal("run", run["run_name"]!.GetValue<string>());

        var parameters = _mlflow.Bodies("/api/2.0/mlflow/runs/log-parameter").ToDictionary(p => p["key"]!.GetValue<string>(), p => p["value"]!.GetValue<string>());
        Assert.Equal("rule-world", parameters["task"]);
        Assert.Equal("150", parameters["engine.max-metric-calls"]);
        Assert.Equal("rule-world", parameters["task-model.provider"]);

        var summary = JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!;
        var iterations = summary["iterations"]!.GetValue<int>();
        var metrics = _mlflow.Bodies("/api/2.0/mlflow/runs/log-metric").ToList();
        var best = metrics.Where(m => m["key"]!.GetValue<string>() == "best_val_score").ToList();
        Assert.Equal([.. Enumerable.Range(0, iterations + 1)], best.Select(m => m["step"]!.GetValue<int>()));
        Assert.Equal(summary["bestScore"]!.GetValue<double>(), best[^1]["value"]!.GetValue<double>());
        Assert.Equal(summary["proposalsTried"]!.GetValue<int>(), metrics.Last(m => m["key"]!.GetValue<string>() == "proposals_tried")["value"]!.GetValue<double>());
        Assert.Equal(summary["testScore"]!.GetValue<double>(), metrics.Single(m => m["key"]!.GetValue<string>() == "test_score")["value"]!.GetValue<double>());
        Assert.All(metrics, m => Assert.Equal("run-1", m["run_id"]!.GetValue<string>()));

        var artifact = calls.Single(c => c.Path == "/api/2.0/mlflow-artifacts/artifacts/7/run-1/artifacts/best_candidate.json");
        Assert.Equal("PUT", artifact.Method);
        Assert.Equal(File.ReadAllText(_h.Path("run/best_candidate.json")), artifact.Body);
        Assert.Contains(calls, c => c.Path == "/api/2.0/mlflow-artifacts/artifacts/7/run-1/artifacts/examples.json");

        var update = _mlflow.Bodies("/api/2.0/mlflow/runs/update").Single();
        Assert.Equal("FINISHED", update["status"]!.GetValue<string>());
        Assert.Equal("/api/2.0/mlflow/runs/update", calls[^1].Path); // the status comes last

        Assert.Contains("tracking in MLflow", _h.Out, StringComparison.Ordinal);
        var everything = _h.Out + _h.Error + string.Concat(Directory.GetFiles(_h.Path("run")).Select(File.ReadAllText));
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_ExistingExperiment_IsReused()
    {
        _mlflow.AddExperiment("gepa", "42");
        WriteConfig($"tracking: {{mlflow: {{uri: \"{_mlflow.BaseUri}\"}}}}");

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        Assert.Empty(_mlflow.Bodies("/api/2.0/mlflow/experiments/create"));
        Assert.Equal("42", _mlflow.Bodies("/api/2.0/mlflow/runs/create").Single()["experiment_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Optimize_MlflowDown_WarnsOnce_AndTheRunCompletes()
    {
        _mlflow.FailWith = 500;
        WriteConfig($"tracking: {{mlflow: {{uri: \"{_mlflow.BaseUri}\"}}}}");

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        Assert.Single(_mlflow.Calls); // the first failure stops tracking
        Assert.Equal(1, _h.Out.Split('\n').Count(l => l.Contains("warning: MLflow tracking", StringComparison.Ordinal)));
        Assert.Contains("the run goes on without it", _h.Out, StringComparison.Ordinal);
        Assert.Equal("completed", JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Optimize_MlflowUnreachable_WarnsAndTheRunCompletes()
    {
        var port = _mlflow.BaseUri.Port;
        await _mlflow.DisposeAsync();
        _mlflow = await FakeMlflowServer.StartAsync(); // another port; the configured one is closed
        WriteConfig($"tracking: {{mlflow: {{uri: \"http://127.0.0.1:{port}/\", timeout: 2s}}}}");

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        Assert.Contains("warning: MLflow tracking", _h.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(_h.Path("run/result.json")));
    }

    [Fact]
    public async Task Optimize_ArtifactsRefused_WarnsButTheRunCompletes()
    {
        _mlflow.RefuseArtifacts = true;
        WriteConfig($"tracking: {{mlflow: {{uri: \"{_mlflow.BaseUri}\"}}}}");

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "run") == 0, _h.Error);

        Assert.Contains("mlflow-artifacts/artifacts answered 503", _h.Out, StringComparison.Ordinal);
        Assert.Equal("completed", JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tracking: {mlflow: {uri: \"ftp://host/\"}}", "tracking.mlflow.uri")]
    [InlineData("tracking: {mlflow: {uri: \"http://user:pw@host/\"}}", "tracking.mlflow.uri")]
    [InlineData("tracking: {mlflow: {experiment: x}}", "tracking.mlflow.uri")]
    [InlineData("tracking: {mlflow: {uri: \"http://h/\", timeout: 0s}}", "tracking.mlflow.timeout")]
    [InlineData("tracking: {mlfow: {uri: \"http://h/\"}}", "tracking.mlfow")]
    public async Task Optimize_BadTrackingSection_RefusedBeforeAnythingIsWritten(string tracking, string key)
    {
        WriteConfig(tracking);

        Assert.Equal(2, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run"));

        Assert.Contains(key, _h.Error, StringComparison.Ordinal);
        Assert.Contains("gepa.yaml", _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("run")));
        Assert.Empty(_mlflow.Calls);
    }

    [Fact]
    public void Parameters_FlattenTheSnapshot_CuttingLongValues()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"task-model": {"provider": "openai", "temperature": 0.5}, "seed-candidate": {"p": "%LONG%"}, "list": [1, 2]}""".Replace("%LONG%", new string('x', 900), StringComparison.Ordinal));

        var p = Gepa.Cli.Tracking.MlflowTracker.Parameters(doc.RootElement).ToDictionary();

        Assert.Equal("openai", p["task-model.provider"]);
        Assert.Equal("0.5", p["task-model.temperature"]);
        Assert.Equal("[1, 2]", p["list"]);
        Assert.Equal(500, p["seed-candidate.p"].Length);
        Assert.EndsWith("…", p["seed-candidate.p"], StringComparison.Ordinal);
    }
}
