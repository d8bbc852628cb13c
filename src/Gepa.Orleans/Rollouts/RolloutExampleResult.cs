namespace Gepa.Orleans;

/// <summary>What one rollout produced on a worker: the score, and the output and trace as JSON (user types stay
/// opaque on the wire; the coordinator's adapter turns them back into objects).</summary>
[GenerateSerializer, Immutable]
public sealed record RolloutExampleResult
{
    /// <summary>Gets the score.</summary>
    [Id(0)] public double Score { get; init; }

    /// <summary>Gets the per-objective scores, or <see langword="null"/>.</summary>
    [Id(1)] public IReadOnlyDictionary<string, double>? Objectives { get; init; }

    /// <summary>Gets the output as JSON, or <see langword="null"/>.</summary>
    [Id(2)] public string? OutputJson { get; init; }

    /// <summary>Gets the trace as JSON, or <see langword="null"/> when none was asked for.</summary>
    [Id(3)] public string? TraceJson { get; init; }
}
