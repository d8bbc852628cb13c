using Gepa.Cli.Telemetry;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Telemetry;

public sealed class CliTelemetryTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void Start_NoOtelVariables_ExportsNothing()
    {
        using var telemetry = CliTelemetry.Start(Env());

        Assert.False(telemetry.Enabled);
        Assert.False(CliTelemetry.IsRequested(Env()));
    }

    [Fact]
    public void IsRequested_FollowsTheStandardVariables()
    {
        var endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
        Assert.True(CliTelemetry.IsRequested(Env(endpoint)));
        Assert.True(CliTelemetry.IsRequested(Env(("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://127.0.0.1:4318/v1/metrics"))));
        Assert.True(CliTelemetry.IsRequested(Env(("OTEL_TRACES_EXPORTER", "otlp"))));
        Assert.False(CliTelemetry.IsRequested(Env(endpoint, ("OTEL_SDK_DISABLED", "true"))));
        Assert.False(CliTelemetry.IsRequested(Env(endpoint, ("OTEL_TRACES_EXPORTER", "none"), ("OTEL_METRICS_EXPORTER", "none"))));
    }

    [Fact]
    public async Task Optimize_WithOtlpEndpoint_ExportsEngineAndModelTracesAndMetrics()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var rw = await RuleWorldRun.StartAsync(budget: 40);
        var env = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "gepa-under-test",
        };

        using var process = CliProcess.Start(rw.Root, env, "optimize", rw.ConfigPath, "--out", "run", "--quiet");
        Assert.True(await process.WaitAsync(TimeSpan.FromSeconds(90)) == 0, process.Error);

        // Flushed before the process exited: the engine's spans, the model calls' gen_ai spans, the command's span.
        Assert.True(receiver.Saw("/v1/traces", "gepa.optimize"), "no engine span: " + string.Join(", ", receiver.Received.Keys));
        Assert.True(receiver.Saw("/v1/traces", "gepa.iteration"));
        Assert.True(receiver.Saw("/v1/traces", "chat rule-world-task"));
        Assert.True(receiver.Saw("/v1/traces", "gepa optimize"));
        Assert.True(receiver.Saw("/v1/traces", "gepa-under-test"));
        Assert.True(receiver.Saw("/v1/metrics", "gepa.rollouts"));
        Assert.True(receiver.Saw("/v1/metrics", "gen_ai.client.token.usage"));

        // No prompt text leaves the machine.
        Assert.False(receiver.Saw("/v1/traces", "Solve the case"));
    }
}
