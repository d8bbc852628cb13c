namespace Gepa;

/// <summary>The result of scoring one response: a score (higher is better, usually in [0, 1]) and feedback text for reflection.</summary>
/// <param name="Score">The score; must be a finite number.</param>
/// <param name="Feedback">What was right or wrong, written for the reflection model; name the expected answer when there is one.</param>
public readonly record struct MetricResult(double Score, string Feedback);
