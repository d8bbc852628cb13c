namespace Gepa;

/// <summary>Arguments of the callback raised when a parent is chosen for reflective mutation.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The parent's index.</param>
/// <param name="score">The parent's mean validation score.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct CandidateSelectedArgs(int iteration, int candidateIndex, double score, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets the parent's mean validation score.</summary>
    public double Score { get; } = score;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
