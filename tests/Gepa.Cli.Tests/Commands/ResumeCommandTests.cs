using System.Text.Json.Nodes;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Commands;

/// <summary>'gepa resume' in-process against the loopback server: what it continues, what it refuses (exit 2, one line,
/// the directory untouched), and that no secret reaches the run directory.</summary>
public sealed class ResumeCommandTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackLlmServer.StartAsync();
        _server.Responder = r => r.Json["model"]!.GetValue<string>() == "reflection-model"
            ? FakeReply.Ok("```\nAnswer with the capital city's name" + (r.Json.ToJsonString().Length % 7) + ".\n```")
            : FakeReply.Ok("I am not sure.");
        Configs.WriteData(_h);
        _h.Environment["GEPA_TEST_KEY"] = Configs.Secret;
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri, budget: 20));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _h.Dispose();
    }

    private async Task<Dictionary<string, byte[]>> FinishedRunAsync()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet"));
        return Directory.GetFiles(_h.Path("run")).ToDictionary(f => f, File.ReadAllBytes);
    }

    private async Task<string> RefusedAsync(Dictionary<string, byte[]> before, params string[] args)
    {
        var code = await _h.RunAsync(args);

        Assert.True(code == 2, _h.Error);
        var line = Assert.Single(_h.ErrorLines);
        Assert.DoesNotContain("   at ", _h.Error, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(_h.Path("run")).Order());
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(File.ReadAllBytes(kv.Key)), kv.Key + " changed"));
        return line;
    }

    [Fact]
    public async Task Resume_DifferentDecidingSetting_RefusedNamingTheKey()
    {
        var before = await FinishedRunAsync();

        var line = await RefusedAsync(before, "resume", "run", "--set", "engine.seed=2");

        Assert.Contains("was made with a different configuration or data", line, StringComparison.Ordinal);
        Assert.Contains("engine.seed was '1' and is now '2'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_ChangedTrainingData_RefusedNamingTheFile()
    {
        var before = await FinishedRunAsync();
        File.AppendAllText(_h.Path("data/train.jsonl"), "\n{\"input\": \"Capital of Peru?\", \"answer\": \"Lima\"}");

        var line = await RefusedAsync(before, "resume", "run");

        Assert.Contains("dataset.train was 'sha256:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_NewerFormat_Refused()
    {
        await FinishedRunAsync();
        var manifest = JsonNode.Parse(File.ReadAllText(_h.Path("run/run.json")))!;
        manifest["formatVersion"] = GepaRunDirectory.CurrentFormatVersion + 1;
        File.WriteAllText(_h.Path("run/run.json"), manifest.ToJsonString());
        var before = Directory.GetFiles(_h.Path("run")).ToDictionary(f => f, File.ReadAllBytes);

        var line = await RefusedAsync(before, "resume", "run");

        Assert.Contains($"format version {GepaRunDirectory.CurrentFormatVersion + 1}, newer than this version understands ({GepaRunDirectory.CurrentFormatVersion}); upgrade", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_NotARunDirectory_Refused()
    {
        Directory.CreateDirectory(_h.Path("run"));

        var line = await RefusedAsync([], "resume", "run");

        Assert.Contains("is not a run directory", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_OutHoldsAnUnfinishedRun_RefusedWithTheResumeCommand()
    {
        await FinishedRunAsync();
        File.Delete(_h.Path("run/result.json")); // as a killed run leaves it
        var before = Directory.GetFiles(_h.Path("run")).ToDictionary(f => f, File.ReadAllBytes);

        var line = await RefusedAsync(before, "optimize", "gepa.yaml", "--out", "run");

        Assert.Contains("already holds a run; continue it with: gepa resume " + _h.Path("run"), line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fixed")]
    [InlineData("adaptive")]
    public async Task Resume_FinishedRun_LeavesEveryFileByteIdenticalAndSaysItIsFinished(string policy)
    {
        // Issue 18: resuming a finished (adaptive) run rewrote it.
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri, budget: 30, policy: policy));
        var before = await FinishedRunAsync();
        var calls = _server.Requests.Count;

        var code = await _h.RunAsync("resume", "run");

        Assert.True(code == 0, _h.Error);
        Assert.Contains("already finished", _h.Out, StringComparison.Ordinal);
        Assert.Contains("--set engine.max-metric-calls=", _h.Out, StringComparison.Ordinal);
        Assert.Equal(calls, _server.Requests.Count);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(_h.Path("run")).Order());
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(File.ReadAllBytes(kv.Key)), kv.Key + " changed"));
    }

    [Fact]
    public async Task Optimize_AdaptiveWithAOneExampleTrainset_RunsWithoutLoweringTheMinibatchSize()
    {
        // Issue 18: the focused minibatch replaces engine.minibatch-size, yet a one-example trainset was refused for it.
        _h.Write("data/train.jsonl", """{"input": "Capital of France?", "answer": "Paris"}""");
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri, budget: 30, policy: "adaptive").Replace("minibatch-size: 2", "minibatch-size: 3", StringComparison.Ordinal));

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet");

        Assert.True(code == 0, _h.Error);
        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        Assert.InRange(result["totalMetricCalls"]!.GetValue<int>(), 5, 30);
    }

    [Fact]
    public async Task Resume_RaisedBudget_ContinuesTheFinishedRunFromItsSnapshot_EvenWithoutTheConfigFile()
    {
        await FinishedRunAsync();
        var first = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        var records = File.ReadAllLines(_h.Path("run/candidates.jsonl")).Length;
        File.Delete(_h.Path("gepa.yaml")); // the snapshot in the run directory is enough

        var code = await _h.RunAsync("resume", "run", "--set", "engine.max-metric-calls=44");

        Assert.True(code == 0, _h.Error);
        Assert.Contains("session 2, resuming after iteration", _h.Out, StringComparison.Ordinal);
        var second = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        Assert.True(second["totalMetricCalls"]!.GetValue<int>() > first["totalMetricCalls"]!.GetValue<int>());
        Assert.True(second["totalMetricCalls"]!.GetValue<int>() <= 44);
        var ids = File.ReadAllLines(_h.Path("run/candidates.jsonl")).Select(l => JsonNode.Parse(l)!["id"]!.GetValue<int>()).ToList();
        Assert.True(ids.Count > records);
        Assert.Equal(Enumerable.Range(0, ids.Count), ids);

        // The usage of both sessions is counted.
        var calls = (JsonNode r) => r["usage"]!.AsArray().Sum(u => u!["calls"]!.GetValue<long>());
        Assert.True(calls(second) > calls(first));
    }

    [Fact]
    public async Task RunDirectory_HoldsNoSecret_AndASnapshotWithARedactedValueNeedsTheOriginalConfig()
    {
        const string token = "tok-3f9a7c21b8d44e0c";
        Assert.Equal(0, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet", "--set", "task-model.extra-body.auth_token=" + token));

        foreach (var file in Directory.GetFiles(_h.Path("run")))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(Configs.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }

        var snapshot = JsonNode.Parse(File.ReadAllText(_h.Path("run/config.json")))!;
        Assert.Equal("***", snapshot["task-model"]!["extra-body"]!["auth_token"]!.GetValue<string>());
        Assert.Equal("GEPA_TEST_KEY", snapshot["task-model"]!["api-key-env"]!.GetValue<string>());

        Assert.Equal(2, await _h.RunAsync("resume", "run", "--set", "engine.max-metric-calls=30"));
        Assert.Contains("had secrets removed", _h.Error, StringComparison.Ordinal);

        var code = await _h.RunAsync("resume", "run", "--config", "gepa.yaml", "--set", "task-model.extra-body.auth_token=" + token, "--set", "engine.max-metric-calls=30");
        Assert.True(code == 0, _h.Error);
    }
}
