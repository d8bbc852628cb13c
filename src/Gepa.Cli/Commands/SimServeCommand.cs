using Gepa.Cli.Cli;
using Gepa.Simulation;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa sim serve</c>: serves the <em>simulated</em> RuleWorld task and reflection models over an
/// OpenAI-compatible HTTP API until Ctrl+C, so any OpenAI-compatible client (this tool included) can use them.</summary>
internal static class SimServeCommand
{
    /// <summary>The port used when none is given.</summary>
    public const int DefaultPort = 5100;

    /// <summary>Runs the command.</summary>
    /// <param name="port">The TCP port, or 0 for any free port.</param>
    /// <param name="host">The address to listen on (loopback by default).</param>
    /// <param name="worldSettings">The world's parameters as <c>key=value</c> texts.</param>
    /// <param name="verbose">Whether errors include stack traces.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">Ends the server (Ctrl+C).</param>
    /// <param name="latency">A delay added to every chat completion, to simulate a remote model.</param>
    /// <returns>The exit code: 0 once stopped with Ctrl+C.</returns>
    public static async Task<int> RunAsync(int port, string host, IReadOnlyList<string> worldSettings, bool verbose, CliEnvironment env, CancellationToken cancellationToken, TimeSpan latency = default)
    {
        var errors = new ErrorReporter(env.Error, new SecretRedactor(), verbose);
        RuleWorld world;
        try
        {
            world = new RuleWorld(RuleWorldOptions.Parse(worldSettings));
        }
        catch (ArgumentException e)
        {
            return errors.Fail("--world: " + e.Message.Split(" (Parameter", 2)[0], e, ExitCodes.BadInput);
        }

        RuleWorldHttpServer server;
        try
        {
            server = new RuleWorldHttpServer(world, port, env.TimeProvider, host) { Latency = latency };
        }
        catch (ArgumentException e)
        {
            return errors.Fail("--host: " + e.Message.Split(" (Parameter", 2)[0], e, ExitCodes.BadInput);
        }

        await using (server)
        {
            try
            {
                await server.StartAsync(cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                return errors.Fail(e.Message, e, ExitCodes.BadInput);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }

            var v1 = server.BaseAddress + "v1";
            var o = env.Out;
            o.WriteLine(SimulationNotice.Banner);
            o.WriteLine($"RuleWorld server (simulated models) listening on {v1}");
            if (host is "*" or "+" or "0.0.0.0")
            {
                o.WriteLine($"  on every network interface (port {server.BaseAddress.Port}); it has no authentication.");
            }

            o.WriteLine($"  models:   {RuleWorldConstants.TaskModelId} (simulated task model), {RuleWorldConstants.ReflectionModelId} (simulated reflection model)");
            o.WriteLine($"  world:    {world.Options}");
            if (latency > TimeSpan.Zero)
            {
                o.WriteLine($"  latency:  {latency.TotalMilliseconds:0} ms added to every chat completion");
            }

            o.WriteLine($"  endpoint: POST {v1}/chat/completions (GET {v1}/models); any API key is accepted");
            o.WriteLine($"  config:   task-model: {{provider: openai-compatible, base-url: {v1}, model: {RuleWorldConstants.TaskModelId}}}");
            o.WriteLine($"            reflection-model: {{provider: openai-compatible, base-url: {v1}, model: {RuleWorldConstants.ReflectionModelId}}}");
            o.WriteLine("Press Ctrl+C to stop.");
            await o.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop a server.
            }

            await server.StopAsync(CancellationToken.None);
            o.WriteLine("RuleWorld server stopped.");
            return ExitCodes.Success;
        }
    }
}
