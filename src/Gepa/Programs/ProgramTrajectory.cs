namespace Gepa;

/// <summary>The trace the <see cref="ProgramAdapter{TExample, TOutput}"/> keeps for one rollout.</summary>
/// <param name="Trace">The step calls and events.</param>
/// <param name="Output">The program's output, or <see langword="null"/> when it failed.</param>
/// <param name="Score">The metric's verdict, or <see langword="null"/> when the rollout failed before the metric.</param>
/// <param name="Failure">Why the rollout failed (a <see cref="StepFormatException"/>, or a program error when those
/// are scored), or <see langword="null"/>.</param>
public sealed record ProgramTrajectory(ProgramTrace Trace, object? Output, ProgramScore? Score, Exception? Failure);
