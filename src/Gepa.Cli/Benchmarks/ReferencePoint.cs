namespace Gepa.Cli.Benchmarks;

/// <summary>One point of a reference curve.</summary>
/// <param name="Rollouts">The budget in rollouts (metric calls).</param>
/// <param name="TestScore">The reference's mean test score at that budget.</param>
/// <param name="Sd">The standard deviation over seeds, when known.</param>
internal sealed record ReferencePoint(int Rollouts, double TestScore, double? Sd);
