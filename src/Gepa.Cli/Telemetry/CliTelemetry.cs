using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gepa.Cli.Telemetry;

/// <summary>OpenTelemetry for one invocation of the tool: traces and metrics of the engine (<c>Gepa</c>), of the model calls
/// (<see cref="ChatSourceName"/>) and of the command itself (<see cref="CliSourceName"/>), exported over OTLP when the
/// standard <c>OTEL_*</c> environment variables ask for it, and nothing at all otherwise.</summary>
/// <remarks>
/// <para>Traces are exported when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> is set (or
/// <c>OTEL_TRACES_EXPORTER=otlp</c>), metrics likewise with the <c>METRICS</c> variables; <c>OTEL_TRACES_EXPORTER=none</c>,
/// <c>OTEL_METRICS_EXPORTER=none</c> and <c>OTEL_SDK_DISABLED=true</c> turn them off. The exporter itself reads the
/// protocol, headers, timeout and interval variables; <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c> name the
/// service (<c>gepa</c> by default). Prompt and reply texts are never recorded.</para>
/// <para>Disposing flushes what is pending: the tool disposes it before it exits.</para>
/// </remarks>
internal sealed class CliTelemetry : IDisposable
{
    /// <summary>The activity source and meter name of the model-call telemetry (Microsoft.Extensions.AI's gen_ai spans and metrics).</summary>
    public const string ChatSourceName = "Gepa.Chat";

    /// <summary>The activity source name of the tool's own spans.</summary>
    public const string CliSourceName = "Gepa.Cli";

    private readonly TracerProvider? _tracer;
    private readonly MeterProvider? _meter;

    private CliTelemetry(TracerProvider? tracer, MeterProvider? meter)
    {
        _tracer = tracer;
        _meter = meter;
    }

    /// <summary>Gets the tool's activity source.</summary>
    public static ActivitySource Source { get; } = new(CliSourceName, typeof(CliTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Gets whether anything is exported.</summary>
    public bool Enabled => _tracer is not null || _meter is not null;

    /// <summary>Returns whether the environment asks for traces or metrics (model clients then record theirs).</summary>
    /// <param name="env">Reads an environment variable.</param>
    /// <returns>Whether it does.</returns>
    public static bool IsRequested(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return Wants(env, "TRACES") || Wants(env, "METRICS");
    }

    /// <summary>Starts the exporters the environment asks for.</summary>
    /// <param name="env">Reads an environment variable.</param>
    /// <returns>The telemetry; dispose it to flush.</returns>
    public static CliTelemetry Start(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var traces = Wants(env, "TRACES");
        var metrics = Wants(env, "METRICS");
        if (!traces && !metrics)
        {
            return new CliTelemetry(null, null);
        }

        var resource = ResourceBuilder.CreateDefault();
        if (string.IsNullOrWhiteSpace(env("OTEL_SERVICE_NAME")))
        {
            resource.AddService("gepa", serviceVersion: typeof(CliTelemetry).Assembly.GetName().Version?.ToString(3));
        }

        var tracer = traces
            ? Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(GepaTelemetry.SourceName, ChatSourceName, CliSourceName).AddOtlpExporter().Build()
            : null;
        var meter = metrics
            ? Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(GepaTelemetry.SourceName, ChatSourceName).AddOtlpExporter().Build()
            : null;
        return new CliTelemetry(tracer, meter);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }

    private static bool Wants(Func<string, string?> env, string signal)
    {
        if (string.Equals(env("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var exporter = env($"OTEL_{signal}_EXPORTER")?.Trim().ToLowerInvariant();
        if (exporter == "none")
        {
            return false;
        }

        return exporter == "otlp"
            || !string.IsNullOrWhiteSpace(env("OTEL_EXPORTER_OTLP_ENDPOINT"))
            || !string.IsNullOrWhiteSpace(env($"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"));
    }
}
