namespace Gepa;

/// <summary>What one rollout request produced: the adapter's batch, or the exception it threw.</summary>
/// <param name="Batch">The scores, outputs and traces, or <see langword="null"/> when the adapter threw.</param>
/// <param name="Error">The exception the adapter threw, or <see langword="null"/>.</param>
public sealed record RolloutOutcome(EvaluationBatch? Batch, Exception? Error);
