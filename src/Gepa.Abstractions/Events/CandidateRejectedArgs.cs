namespace Gepa;

/// <summary>Arguments of the callback raised when a child was not accepted.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="oldScore">The parent's minibatch score sum.</param>
/// <param name="newScore">The child's minibatch score sum.</param>
/// <param name="reason">Why it was rejected.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct CandidateRejectedArgs(int iteration, double oldScore, double newScore, string reason, int? proposalId = null)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's minibatch score sum.</summary>
    public double OldScore { get; } = oldScore;

    /// <summary>Gets the child's minibatch score sum.</summary>
    public double NewScore { get; } = newScore;

    /// <summary>Gets why it was rejected.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
