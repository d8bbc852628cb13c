namespace Gepa;

/// <summary>Arguments of the callback raised when a training minibatch is drawn.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="minibatchIds">The training example indexes, in order (padding may repeat one).</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct MinibatchSampledArgs(int iteration, IReadOnlyList<int> minibatchIds, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the training example indexes, in order (padding may repeat one).</summary>
    public IReadOnlyList<int> MinibatchIds { get; } = minibatchIds;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
