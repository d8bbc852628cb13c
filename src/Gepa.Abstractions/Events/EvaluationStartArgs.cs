namespace Gepa;

/// <summary>Arguments of the callback raised when a candidate is about to be evaluated on a minibatch.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The candidate's index, or null for a child not yet in the pool.</param>
/// <param name="exampleIds">The example indexes.</param>
/// <param name="captureTraces">Whether traces are captured.</param>
public readonly struct EvaluationStartArgs(int iteration, int? candidateIndex, IReadOnlyList<int> exampleIds, bool captureTraces)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the candidate's index, or null for a child not yet in the pool.</summary>
    public int? CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets the example indexes.</summary>
    public IReadOnlyList<int> ExampleIds { get; } = exampleIds;

    /// <summary>Gets whether traces are captured.</summary>
    public bool CaptureTraces { get; } = captureTraces;
}
