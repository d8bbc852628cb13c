using Gepa.Cli.Runs;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Runs;

/// <summary>The snapshot hides what is secret, judged by what a key means, not by the letters in its name: a token count is
/// not a token, and a run whose configuration has one stays resumable from its snapshot.</summary>
public sealed class RunConfigSnapshotTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackLlmServer.StartAsync();
        _server.Responder = r => r.Json["model"]!.GetValue<string>() == "reflection-model"
            ? FakeReply.Ok("```\nAnswer with the capital city's name.\n```")
            : FakeReply.Ok("Paris");
        Configs.WriteData(_h);
        _h.Environment["GEPA_TEST_KEY"] = Configs.Secret;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _h.Dispose();
    }

    [Theory]
    [InlineData("max-output-tokens", false)]
    [InlineData("send-max-tokens", false)]
    [InlineData("api-key-env", false)]
    [InlineData("input-per-million", false)]
    [InlineData("api-key", true)]
    [InlineData("apiKey", true)]
    [InlineData("access_token", true)]
    [InlineData("token", true)]
    [InlineData("Authorization", true)]
    [InlineData("x-api-key", true)]
    [InlineData("client-secret", true)]
    [InlineData("password", true)]
    public void IsSecretName_JudgesByWholeWords(string name, bool secret) =>
        Assert.Equal(secret, RunConfigSnapshot.IsSecretName(name));

    [Fact]
    public async Task Resume_ConfigWithMaxOutputTokens_RunsFromItsOwnSnapshot()
    {
        // gepa init's starter configuration sets max-output-tokens: its snapshot must stay runnable.
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri, budget: 20).Replace("  temperature: 0", "  temperature: 0\n  max-output-tokens: 64", StringComparison.Ordinal));
        Assert.Equal(0, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet"));
        Assert.Contains("\"max-output-tokens\": 64", File.ReadAllText(_h.Path("run/config.json")), StringComparison.Ordinal);
        File.Delete(_h.Path("gepa.yaml"));

        var code = await _h.RunAsync("resume", "run", "--set", "engine.max-metric-calls=30", "--quiet");

        Assert.True(code == 0, _h.Error);
    }

    [Fact]
    public async Task Snapshot_HeaderHoldingAToken_IsRedactedAndTheResumeAsksForTheConfig()
    {
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri, budget: 20).Replace("  temperature: 0", "  temperature: 0\n  extra-body: {access_token: abcdefghijkl0123}", StringComparison.Ordinal));
        Assert.Equal(0, await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet"));

        Assert.DoesNotContain("abcdefghijkl0123", File.ReadAllText(_h.Path("run/config.json")), StringComparison.Ordinal);
        Assert.Equal(2, await _h.RunAsync("resume", "run", "--quiet"));
        Assert.Contains("had secrets removed", _h.Error, StringComparison.Ordinal);
    }
}
