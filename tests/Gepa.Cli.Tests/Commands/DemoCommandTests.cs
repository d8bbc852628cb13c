using System.Text.Json.Nodes;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Commands;

/// <summary><c>gepa demo</c> runs the RuleWorld samples bundled inside the tool, with no checkout.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Demo_List_NamesEverySampleOfTheRepository()
    {
        var code = await _h.RunAsync("demo", "--list");

        Assert.Equal(0, code);
        var onDisk = Directory.GetFiles(Path.Combine(CliHarness.RepositoryRoot, "samples", "rule-world"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, _h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Demo_Default_RunsTheSingleModuleSampleOfflineAndImproves()
    {
        var code = await _h.RunAsync("demo", "--out", "run", "--set", "engine.max-metric-calls=500");

        Assert.True(code == 0, _h.Error);
        var result = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!;
        Assert.True(result["bestScore"]!.GetValue<double>() > result["candidates"]![0]!["valScore"]!.GetValue<double>());
        Assert.Contains("SIMULATED WORLD", _h.Out, StringComparison.Ordinal);
        Assert.Contains("--- system_prompt ---", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Copy_WritesTheSamplesAsInTheRepository()
    {
        var code = await _h.RunAsync("demo", "--copy", "mine");

        Assert.True(code == 0, _h.Error);
        foreach (var file in Directory.GetFiles(Path.Combine(CliHarness.RepositoryRoot, "samples", "rule-world"), "*.yaml"))
        {
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(_h.Path(Path.Combine("mine", Path.GetFileName(file)))));
        }
    }

    [Fact]
    public async Task Demo_CopyOverAnExistingSample_RefusedAndNothingOverwritten()
    {
        _h.Write("mine/two-module.yaml", "my edits");

        var code = await _h.RunAsync("demo", "--copy", "mine");

        Assert.Equal(2, code);
        Assert.Contains("already exists", _h.Error, StringComparison.Ordinal);
        Assert.Equal("my edits", File.ReadAllText(_h.Path("mine/two-module.yaml")));
        Assert.False(File.Exists(_h.Path("mine/single-module.yaml")));
    }

    [Fact]
    public async Task Demo_UnknownSample_RefusedNamingTheSamples()
    {
        var code = await _h.RunAsync("demo", "three-module");

        Assert.Equal(2, code);
        Assert.Contains("single-module", _h.Error, StringComparison.Ordinal);
    }
}
