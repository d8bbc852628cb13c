namespace Gepa;

/// <summary>Arguments of the callback raised when reflection is skipped after the parent's minibatch evaluation.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The parent's index.</param>
/// <param name="reason">Why: <c>no_trajectories</c> or <c>all_scores_perfect</c>.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct EvaluationSkippedArgs(int iteration, int candidateIndex, string reason, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets why: <c>no_trajectories</c> or <c>all_scores_perfect</c>.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
