namespace Gepa;

/// <summary>Arguments of the callback raised when a merged candidate did not match its better parent on the subsample.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIds">The two parents.</param>
/// <param name="parentScore">The better parent's subsample sum.</param>
/// <param name="mergedScore">The merged candidate's subsample sum.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct MergeRejectedArgs(int iteration, IReadOnlyList<int> parentIds, double parentScore, double mergedScore, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the two parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;

    /// <summary>Gets the better parent's subsample sum.</summary>
    public double ParentScore { get; } = parentScore;

    /// <summary>Gets the merged candidate's subsample sum.</summary>
    public double MergedScore { get; } = mergedScore;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
