namespace Gepa;

/// <summary>Arguments of the callback raised when a merged candidate was added to the pool.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="newCandidateIndex">Its index.</param>
/// <param name="parentIds">The two parents.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct MergeAcceptedArgs(int iteration, int newCandidateIndex, IReadOnlyList<int> parentIds, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets its index.</summary>
    public int NewCandidateIndex { get; } = newCandidateIndex;

    /// <summary>Gets the two parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
