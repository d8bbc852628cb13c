namespace Gepa;

/// <summary>Arguments of the callback raised when a candidate is about to be evaluated on a minibatch.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The candidate's index, or null for a child not yet in the pool.</param>
/// <param name="exampleIds">The example indexes.</param>
/// <param name="captureTraces">Whether traces are captured.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct EvaluationStartArgs(int iteration, int? candidateIndex, IReadOnlyList<int> exampleIds, bool captureTraces, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the candidate's index, or null for a child not yet in the pool.</summary>
    public int? CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets the example indexes.</summary>
    public IReadOnlyList<int> ExampleIds { get; } = exampleIds;

    /// <summary>Gets whether traces are captured.</summary>
    public bool CaptureTraces { get; } = captureTraces;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
