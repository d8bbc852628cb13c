namespace Gepa;

/// <summary>A candidate's evaluation on the first <see cref="EvaluationBatch.Count"/> validation examples, made before
/// the run by the caller (a memory relevance probe, a race among starting candidates): given to
/// <see cref="GepaOptions.PriorSeedEvaluation"/>, it spares the run those rollouts of its seed evaluation.</summary>
/// <remarks>Entry <c>i</c> of <see cref="Batch"/> belongs to validation example <c>i</c> (its position in the valset
/// the run is given, or in the trainset when the run validates on it). The run trusts these scores as it trusts the
/// adapter's: they must be what the adapter returns for <see cref="Candidate"/> on those examples.</remarks>
public sealed class PriorEvaluation
{
    /// <summary>Gets the candidate that was evaluated; it must be the run's seed.</summary>
    public required Candidate Candidate { get; init; }

    /// <summary>Gets its evaluation on the first <see cref="EvaluationBatch.Count"/> validation examples, in order.
    /// Its scores, outputs and objective scores are used; its traces and <see cref="EvaluationBatch.MetricCalls"/> are
    /// not (the run does not charge what it did not spend).</summary>
    public required EvaluationBatch Batch { get; init; }
}
