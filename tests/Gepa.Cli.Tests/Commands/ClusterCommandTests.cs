using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Commands;

/// <summary>'gepa cluster …' forwards to the separate gepa-cluster tool (a real child process here).</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_ToolMissing_OneLineWithTheInstallCommand()
    {
        _h.Environment["GEPA_CLUSTER_TOOL"] = _h.Path("no-such-tool");

        var code = await _h.RunAsync("cluster", "status", "--connection", "Host=x");

        Assert.Equal(2, code);
        var line = Assert.Single(_h.ErrorLines);
        Assert.Contains("dotnet tool install --global Gepa.Orleans.Cli", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ToolPresent_PassesEveryArgumentAndItsExitCode()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("the fake tool is a shell script");
            return;
        }

        var tool = _h.Write("gepa-cluster", "#!/bin/sh\nprintf '%s|' \"$@\"\necho\necho to-stderr >&2\nexit 7\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _h.Environment["GEPA_CLUSTER_TOOL"] = tool;

        var code = await _h.RunAsync("cluster", "run", "--run-id", "a b", "--help");

        Assert.Equal(7, code);
        Assert.Equal("run|--run-id|a b|--help|", _h.Out.Trim());
        Assert.Equal("to-stderr", _h.Error.Trim());
    }

    [Fact]
    public async Task RunAsync_OptimizeWithCluster_ForwardsARunOfTheConfigWithItsOverridesAndOutput()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("the fake tool is a shell script");
            return;
        }

        var tool = _h.Write("gepa-cluster", "#!/bin/sh\nprintf '%s|' \"$@\"\necho\nexit 0\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _h.Environment["GEPA_CLUSTER_TOOL"] = tool;

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--cluster", "Host=db;Database=gepa", "--set", "engine.seed=2", "--out", "runs/c", "--verbose");

        Assert.Equal(0, code);
        Assert.Equal($"run|--connection|Host=db;Database=gepa|--config|{_h.Path("gepa.yaml")}|--set|engine.seed=2|--out|{_h.Path("runs/c")}|--verbose|", _h.Out.Trim());
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--quiet")]
    public async Task RunAsync_OptimizeWithClusterAndProgressOption_RefusedWithoutStartingTheTool(string option)
    {
        var tool = _h.Write("gepa-cluster", "#!/bin/sh\ntouch \"$0.started\"\nexit 0\n");
        _h.Environment["GEPA_CLUSTER_TOOL"] = tool;

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--cluster", "Host=db", option);

        Assert.Equal(2, code);
        Assert.Contains("--cluster", _h.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(tool + ".started"));
    }
}
