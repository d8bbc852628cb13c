namespace Gepa;

/// <summary>Arguments of the callback raised when a parent is chosen for reflective mutation.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The parent's index.</param>
/// <param name="score">The parent's mean validation score.</param>
public readonly struct CandidateSelectedArgs(int iteration, int candidateIndex, double score)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets the parent's mean validation score.</summary>
    public double Score { get; } = score;
}
