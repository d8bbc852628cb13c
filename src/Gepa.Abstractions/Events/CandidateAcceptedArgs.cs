namespace Gepa;

/// <summary>Arguments of the callback raised when a new candidate was added to the pool.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="newCandidateIndex">Its index.</param>
/// <param name="newScore">Its minibatch (or merge subsample) score sum.</param>
/// <param name="parentIds">Its parents.</param>
public readonly struct CandidateAcceptedArgs(int iteration, int newCandidateIndex, double newScore, IReadOnlyList<int> parentIds)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets its index.</summary>
    public int NewCandidateIndex { get; } = newCandidateIndex;

    /// <summary>Gets its minibatch (or merge subsample) score sum.</summary>
    public double NewScore { get; } = newScore;

    /// <summary>Gets its parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;
}
