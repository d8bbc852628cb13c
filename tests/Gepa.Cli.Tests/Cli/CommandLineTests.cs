using Gepa.Cli.Commands;
using Gepa.Cli.Configuration;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("optimize")]
    [InlineData("optimize", "a.yaml", "--quiet", "--json")]
    [InlineData("optimize", "a.yaml", "--bogus")]
    [InlineData("evaluate", "a.yaml")]
    [InlineData("evaluate", "a.yaml", "--candidate", "c.json", "--split", "holdout")]
    public async Task Parse_BadArguments_ExitTwoWithErrorLines(params string[] args)
    {
        var code = await _h.RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", _h.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("Run 'gepa --help' (or 'gepa <command> --help') for usage.", _h.ErrorLines[^1]);
    }

    [Fact]
    public async Task Help_ListsCommands()
    {
        Assert.Equal(0, await _h.RunAsync("--help"));
        foreach (var command in new[] { "init", "providers", "optimize", "evaluate" })
        {
            Assert.Contains(command, _h.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Providers_ListsEveryProviderWithItsKeyVariable()
    {
        Assert.Equal(0, await _h.RunAsync("providers"));
        foreach (var p in ConfigSchema.Providers)
        {
            Assert.Contains("  " + p + Environment.NewLine, _h.Out, StringComparison.Ordinal);
        }

        Assert.Contains("ANTHROPIC_API_KEY", _h.Out, StringComparison.Ordinal);
        Assert.Contains("SIMULATED", _h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_WritesStarterConfigThatValidatesOnceDataExists()
    {
        Assert.Equal(0, await _h.RunAsync("init"));

        Configs.WriteData(_h);
        var config = ConfigBinder.Load(_h.Path("gepa.yaml"), []);
        Assert.Equal("openai", config.TaskModel.Provider);
        Assert.Equal("OPENAI_API_KEY", config.TaskModel.ApiKeyEnv);
        Assert.Equal(300, config.Engine.MaxMetricCalls);
        Assert.Equal("system_prompt", Assert.Single(config.SeedCandidate).Key);
    }

    [Fact]
    public async Task Init_ExistingFile_RefusedWithoutForceAndKept()
    {
        _h.Write("gepa.yaml", "mine");

        Assert.Equal(2, await _h.RunAsync("init"));
        Assert.Contains("already exists; pass --force", Assert.Single(_h.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(_h.Path("gepa.yaml")));

        Assert.Equal(0, await _h.RunAsync("init", "--force"));
        Assert.Equal(StarterConfig.Text, File.ReadAllText(_h.Path("gepa.yaml")));
    }

    [Fact]
    public async Task Init_CustomPath_WritesThere()
    {
        Assert.Equal(0, await _h.RunAsync("init", "custom.yml"));
        Assert.True(File.Exists(_h.Path("custom.yml")));
    }
}
