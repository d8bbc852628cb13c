namespace Gepa;

/// <summary>Arguments of the callback raised when a new candidate was added to the pool.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="newCandidateIndex">Its index.</param>
/// <param name="valScore">Its validation score: the mean over the validation examples it was scored on.</param>
/// <param name="minibatchScoreBefore">What it was accepted against: its parent's minibatch score sum, or for a merge
/// the better parent's sum on the validation subsample.</param>
/// <param name="minibatchScoreAfter">Its own score sum on that minibatch (or merge subsample).</param>
/// <param name="parentIds">Its parents.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct CandidateAcceptedArgs(int iteration, int newCandidateIndex, double valScore, double minibatchScoreBefore, double minibatchScoreAfter, IReadOnlyList<int> parentIds, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets its index.</summary>
    public int NewCandidateIndex { get; } = newCandidateIndex;

    /// <summary>Gets its validation score: the mean over the validation examples it was scored on (all of them, unless
    /// racing stopped it early), the score the pool ranks it by.</summary>
    public double ValScore { get; } = valScore;

    /// <summary>Gets what it was accepted against: its parent's minibatch score sum, or for a merge the better parent's
    /// sum on the validation subsample.</summary>
    public double MinibatchScoreBefore { get; } = minibatchScoreBefore;

    /// <summary>Gets its own score sum on that minibatch (or merge subsample): what the acceptance criterion compared,
    /// and what the reference's event calls <c>new_score</c>.</summary>
    public double MinibatchScoreAfter { get; } = minibatchScoreAfter;

    /// <summary>Gets its parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
