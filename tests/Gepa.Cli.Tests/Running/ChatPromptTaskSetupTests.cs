using System.Text.Json.Nodes;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Running;

/// <summary>'gepa optimize' with the production task setup: the chat-prompt adapter, the dataset loader and a metric.</summary>
public sealed class ChatPromptTaskSetupTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackCli.StartAsync(_h, CapitalQuiz.AllCapitals, new ChatPromptTaskSetup());

    public ValueTask DisposeAsync() => LoopbackCli.StopAsync(_server, _h);

    [Fact]
    public async Task Optimize_RealAdapter_ImprovesAndWritesResult()
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet");

        Assert.True(code == 0, _h.Error);
        Assert.Equal(1.0, JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!["bestScore"]!.GetValue<double>());
    }

    [Fact]
    public async Task Optimize_BadRow_OneLineWithFileAndLine()
    {
        File.AppendAllText(_h.Path("data/val.jsonl"), "\n{\"input\": \"no answer\"}");
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run");

        Assert.Equal(2, code);
        var line = Assert.Single(_h.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"val\.jsonl:5:1: ", line);
        Assert.False(Directory.Exists(_h.Path("run")));
    }

    [Fact]
    public async Task Optimize_UnknownMetricParameter_Rejected()
    {
        var code = await _h.RunAsync("optimize", "gepa.yaml", "--set", "metric.name=regex", "--set", "metric.parameters.patern=x");

        Assert.Equal(2, code);
        Assert.Contains("metric.parameters.patern: unknown parameter for the 'regex' metric; it takes: pattern, ignore-case (did you mean 'pattern'?).", _h.Error, StringComparison.Ordinal);
    }
}
