namespace Gepa;

/// <summary>Arguments of the callback raised when reflection is skipped after the parent's minibatch evaluation.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The parent's index.</param>
/// <param name="reason">Why: <c>no_trajectories</c> or <c>all_scores_perfect</c>.</param>
public readonly struct EvaluationSkippedArgs(int iteration, int candidateIndex, string reason)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets why: <c>no_trajectories</c> or <c>all_scores_perfect</c>.</summary>
    public string Reason { get; } = reason;
}
