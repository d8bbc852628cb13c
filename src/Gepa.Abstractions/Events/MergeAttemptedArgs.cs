namespace Gepa;

/// <summary>Arguments of the callback raised when a merged candidate was built and evaluated on a subsample.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIds">The two parents.</param>
/// <param name="ancestorIndex">Their common ancestor.</param>
/// <param name="merged">The merged candidate.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct MergeAttemptedArgs(int iteration, IReadOnlyList<int> parentIds, int ancestorIndex, Candidate merged, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the two parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;

    /// <summary>Gets their common ancestor.</summary>
    public int AncestorIndex { get; } = ancestorIndex;

    /// <summary>Gets the merged candidate.</summary>
    public Candidate Merged { get; } = merged;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
