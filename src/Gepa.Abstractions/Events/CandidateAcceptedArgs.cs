namespace Gepa;

/// <summary>Arguments of the callback raised when a new candidate was added to the pool.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="newCandidateIndex">Its index.</param>
/// <param name="newScore">Its minibatch (or merge subsample) score sum.</param>
/// <param name="parentIds">Its parents.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct CandidateAcceptedArgs(int iteration, int newCandidateIndex, double newScore, IReadOnlyList<int> parentIds, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets its index.</summary>
    public int NewCandidateIndex { get; } = newCandidateIndex;

    /// <summary>Gets its minibatch (or merge subsample) score sum.</summary>
    public double NewScore { get; } = newScore;

    /// <summary>Gets its parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
