using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Cli;

/// <summary>Every bad input gets one clear line on stderr, exit code 2, no stack trace, and nothing written.</summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly Uri Server = new("http://127.0.0.1:9/");
    private readonly CliHarness _h = new();

    public BadInputTests()
    {
        Configs.WriteData(_h);
        _h.Environment["GEPA_TEST_KEY"] = Configs.Secret;
    }

    public void Dispose() => _h.Dispose();

    private async Task<string> FailsWithOneLine(string config, params string[] extra)
    {
        _h.Write("gepa.yaml", config);
        var code = await _h.RunAsync(["optimize", "gepa.yaml", "--out", "run", .. extra]);

        Assert.Equal(2, code);
        var line = Assert.Single(_h.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _h.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("run")), "a run directory was created");
        Assert.Empty(_h.FilesUnder("runs"));
        Assert.DoesNotContain(Configs.Secret, _h.Out + _h.Error, StringComparison.Ordinal);
        return line;
    }

    [Fact]
    public async Task MissingConfigFile_NamesTheFile()
    {
        var code = await _h.RunAsync("optimize", "nope.yaml");

        Assert.Equal(2, code);
        Assert.Equal("error: nope.yaml: the configuration file does not exist; create one with 'gepa init'.", Assert.Single(_h.ErrorLines));
    }

    [Fact]
    public async Task MalformedYaml_FileLineColumn()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server).Replace("  model: task-model", "  model: [task-model", StringComparison.Ordinal));
        Assert.Matches(@"^error: gepa\.yaml:\d+:\d+: malformed YAML/JSON: ", line);
    }

    [Fact]
    public async Task MalformedJson_FileLineColumn()
    {
        _h.Write("gepa.json", "{\n\t\"engine\": {\"seed\": 1,,}\n}");
        var code = await _h.RunAsync("optimize", "gepa.json");

        Assert.Equal(2, code);
        Assert.Matches(@"^error: gepa\.json:2:\d+: malformed YAML/JSON", Assert.Single(_h.ErrorLines));
    }

    [Fact]
    public async Task UnknownKey_DidYouMeanWithLine()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server, policy: null).Replace("minibatch-size", "minibatch_size", StringComparison.Ordinal));
        Assert.Equal("error: gepa.yaml:22:3: engine.minibatch_size: unknown key; did you mean 'engine.minibatch-size'?", line);
    }

    [Fact]
    public async Task UnknownSection_DidYouMean()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server) + "\nenigne:\n  seed: 3\n");
        Assert.Contains("enigne: unknown key; did you mean 'engine'?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongType_NamesKeyAndExpectedType()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server, policy: null).Replace("minibatch-size: 2", "minibatch-size: two", StringComparison.Ordinal));
        Assert.Equal("error: gepa.yaml:22:19: engine.minibatch-size: expected a whole number ≥ 1, got 'two'.", line);
    }

    [Fact]
    public async Task OutOfRange_NamesRange()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server).Replace("temperature: 0", "temperature: 7", StringComparison.Ordinal));
        Assert.Contains("task-model.temperature: 7 is out of range; expected a number from 0 to 2.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadChoice_SuggestsNearest()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server) + "\n  candidate-selection: current_best\n");
        Assert.Contains("engine.candidate-selection: 'current_best' is not one of: pareto, current-best, epsilon-greedy, top-k-pareto; did you mean 'current-best'?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiteralApiKeyInConfig_RejectedWithoutEchoingIt()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server).Replace("  api-key-env: GEPA_TEST_KEY\n  temperature", $"  api-key: {Configs.Secret}\n  temperature", StringComparison.Ordinal));
        Assert.Contains("task-model.api-key: API keys may not be written in the configuration", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyPastedIntoApiKeyEnv_RejectedWithoutEchoingIt()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server).Replace("api-key-env: GEPA_TEST_KEY\n  temperature", $"api-key-env: {Configs.Secret}\n  temperature", StringComparison.Ordinal));
        Assert.Contains("must be the NAME of an environment variable", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingEnvironmentVariable_NamesVariableAndRole()
    {
        _h.Environment.Clear();
        var line = await FailsWithOneLine(Configs.Valid(Server));
        Assert.Contains("task-model.api-key-env: the environment variable GEPA_TEST_KEY is not set; it must hold the API key of the task model", line, StringComparison.Ordinal);
        Assert.StartsWith("error: gepa.yaml:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDatasetFile_NamesKeyAndPath()
    {
        File.Delete(_h.Path("data/val.jsonl"));
        var line = await FailsWithOneLine(Configs.Valid(Server));
        Assert.Matches(@"^error: gepa\.yaml:16:8: dataset\.val: file not found: .*data[/\\]val\.jsonl\.$", line);
    }

    [Fact]
    public async Task BadDatasetRow_NamesFileAndLine()
    {
        File.AppendAllText(_h.Path("data/val.jsonl"), "\n{not json");
        var line = await FailsWithOneLine(Configs.Valid(Server));
        Assert.Matches(@"val\.jsonl:5:1: bad row\.$", line);
    }

    [Fact]
    public async Task TemplateWithoutPlaceholders_NamesMissingOnes()
    {
        _h.Write("reflect.txt", "Improve this: <curr_param>");
        var line = await FailsWithOneLine(Configs.Valid(Server) + "\n  reflection-template-file: reflect.txt\n");
        Assert.Contains("engine.reflection-template-file: the template", line, StringComparison.Ordinal);
        Assert.Contains("lacks the placeholder <side_info>", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBudget_SaysItIsRequired()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server).Replace("  max-metric-calls: 40\n", "", StringComparison.Ordinal));
        Assert.Contains("engine.max-metric-calls: missing; the rollout budget", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingReflectionModel_SaysWhy()
    {
        var config = Configs.Valid(Server);
        var start = config.IndexOf("reflection-model:", StringComparison.Ordinal);
        var end = config.IndexOf("dataset:", StringComparison.Ordinal);
        var line = await FailsWithOneLine(config.Remove(start, end - start));
        Assert.Contains("reflection-model: missing section", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAiCompatibleWithoutBaseUrl_SaysWhatToGive()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server).Replace($"  base-url: {Server}v1\n  model: task-model", "  model: task-model", StringComparison.Ordinal));
        Assert.Contains("task-model.base-url: missing; openai-compatible needs the server's URL", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetOverride_UnknownKey_DidYouMean()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server), "--set", "engine.sed=4");
        Assert.Equal("error: --set: engine.sed: unknown key; did you mean 'engine.seed'?", line);
    }

    [Fact]
    public async Task SetOverride_WrongType()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server), "--set", "engine.max-metric-calls=lots");
        Assert.Equal("error: --set: engine.max-metric-calls: expected a whole number ≥ 1, got 'lots'.", line);
    }

    [Fact]
    public async Task SetOverride_NoEquals()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server), "--set", "engine.seed");
        Assert.Contains("is not key.path=value", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetTooSmallForValset_EngineValidationIsOneLine()
    {
        var line = await FailsWithOneLine(Configs.Valid(Server), "--set", "engine.max-metric-calls=2");
        Assert.StartsWith("error: gepa.yaml: engine: engine.max-metric-calls is 2; it must be at least", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_AddsStackTrace()
    {
        _h.Write("gepa.yaml", Configs.Valid(Server).Replace("minibatch-size: 2", "minibatch-size: 0", StringComparison.Ordinal));
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--verbose");

        Assert.Equal(2, code);
        Assert.Contains("ConfigException", _h.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpoint_OneLineExitOneResumableDirectoryNoResult()
    {
        // Port 9 (discard) on loopback: nothing listens there.
        _h.Write("gepa.yaml", Configs.Valid(Server));
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--set", "task-model.retries=1", "--quiet");

        Assert.Equal(1, code);
        var line = Assert.Single(_h.ErrorLines);
        Assert.Contains("task model (openai-compatible 'task-model' at http://127.0.0.1:9/v1): cannot reach the server", line, StringComparison.Ordinal);
        Assert.Contains("continue with: gepa resume " + _h.Path("run"), line, StringComparison.Ordinal);

        // The run had started (everything was valid), so its directory stays, resumable, with no result in it.
        Assert.False(File.Exists(_h.Path("run/result.json")));
        Assert.True(File.Exists(_h.Path("run/run.json")));
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_h.Path("run/summary.json")))!;
        Assert.Equal("failed", summary["status"]!.GetValue<string>());
        Assert.True(summary["resumable"]!.GetValue<bool>());
    }
}
