namespace Gepa;

/// <summary>Arguments of the callback raised when a candidate was evaluated on the validation set.</summary>
/// <param name="iteration">The iteration number (0 for the seed).</param>
/// <param name="candidateIndex">The candidate's index.</param>
/// <param name="averageScore">Its mean validation score.</param>
/// <param name="isBestProgram">Whether it is now the best candidate.</param>
/// <param name="scores">Its score per validation example index.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct ValsetEvaluatedArgs(int iteration, int candidateIndex, double averageScore, bool isBestProgram, IReadOnlyDictionary<int, double> scores, int? proposalId = null)
{
    /// <summary>Gets the iteration number (0 for the seed).</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the candidate's index.</summary>
    public int CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets its mean validation score.</summary>
    public double AverageScore { get; } = averageScore;

    /// <summary>Gets whether it is now the best candidate.</summary>
    public bool IsBestProgram { get; } = isBestProgram;

    /// <summary>Gets its score per validation example index.</summary>
    public IReadOnlyDictionary<int, double> Scores { get; } = scores;

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
