using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gepa;

/// <summary>The engine's OpenTelemetry instruments: an <see cref="ActivitySource"/> and a <see cref="Meter"/>, both
/// named <see cref="SourceName"/>. Subscribe to that name (for example <c>AddSource("Gepa")</c> and
/// <c>AddMeter("Gepa")</c>) to export them; without a listener they cost next to nothing.</summary>
public static class GepaTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string SourceName = "Gepa";

    /// <summary>Gets the activity source: one <c>gepa.optimize</c> activity per run and one <c>gepa.iteration</c> per iteration.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName, typeof(GepaTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Gets the meter.</summary>
    public static Meter Meter { get; } = new(SourceName, typeof(GepaTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Gets the counter of metric calls (rollouts) spent, tagged with the stage (<c>seed</c>, <c>minibatch</c>, <c>validation</c>, <c>merge</c>).</summary>
    public static Counter<long> Rollouts { get; } = Meter.CreateCounter<long>("gepa.rollouts", "{rollout}", "Metric calls spent: one candidate evaluated on one example.");

    /// <summary>Gets the counter of proposals whose child was evaluated, tagged with the kind (<c>mutation</c>, <c>merge</c>).</summary>
    public static Counter<long> Proposals { get; } = Meter.CreateCounter<long>("gepa.proposals", "{proposal}", "Proposals evaluated on a minibatch or merge subsample.");

    /// <summary>Gets the counter of candidates accepted into the pool, tagged with the kind.</summary>
    public static Counter<long> Acceptances { get; } = Meter.CreateCounter<long>("gepa.acceptances", "{candidate}", "Candidates accepted into the pool.");

    /// <summary>Gets the counter of tokens the reflection model reported, tagged with the direction (<c>input</c>, <c>output</c>).</summary>
    public static Counter<long> ReflectionTokens { get; } = Meter.CreateCounter<long>("gepa.reflection.tokens", "{token}", "Tokens used by the reflection model.");

    /// <summary>Gets the gauge of the best mean validation score so far.</summary>
    public static Gauge<double> BestScore { get; } = Meter.CreateGauge<double>("gepa.best_score", null, "The best mean validation score so far.");
}
