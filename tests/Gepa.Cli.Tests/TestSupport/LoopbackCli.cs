using Gepa.Cli.Running;
using Gepa.Cli.Tests.Loopback;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>The setup shared by the CLI tests that run 'gepa optimize' against the loopback LLM server: the server
/// started, the harness holding the sample data and a valid configuration that points at the server, and the test key
/// in the harness's environment.</summary>
internal static class LoopbackCli
{
    /// <summary>Starts the server and lays out the harness's folder.</summary>
    /// <param name="harness">The harness whose folder and environment are set up.</param>
    /// <param name="responder">How the server answers, or <see langword="null"/> to leave its default.</param>
    /// <param name="taskSetup">The task setup the CLI runs with, or <see langword="null"/> for the harness's test one.</param>
    /// <returns>The started server, which the caller stops with <see cref="StopAsync"/>.</returns>
    public static async Task<LoopbackLlmServer> StartAsync(CliHarness harness, Func<RecordedRequest, FakeReply>? responder = null, ITaskSetup? taskSetup = null)
    {
        var server = await LoopbackLlmServer.StartAsync();
        if (responder is not null)
        {
            server.Responder = responder;
        }

        if (taskSetup is not null)
        {
            harness.TaskSetup = taskSetup;
        }

        Configs.WriteData(harness);
        harness.Environment["GEPA_TEST_KEY"] = Configs.Secret;
        harness.Write("gepa.yaml", Configs.Valid(server.BaseUri));
        return server;
    }

    /// <summary>Stops the server, then removes the harness's folder.</summary>
    /// <param name="server">The server from <see cref="StartAsync"/>.</param>
    /// <param name="harness">The harness.</param>
    /// <returns>A task that completes when both are gone.</returns>
    public static async ValueTask StopAsync(LoopbackLlmServer server, CliHarness harness)
    {
        await server.DisposeAsync();
        harness.Dispose();
    }
}
