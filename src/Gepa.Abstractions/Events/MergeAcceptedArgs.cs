namespace Gepa;

/// <summary>Arguments of the callback raised when a merged candidate was added to the pool.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="newCandidateIndex">Its index.</param>
/// <param name="parentIds">The two parents.</param>
public readonly struct MergeAcceptedArgs(int iteration, int newCandidateIndex, IReadOnlyList<int> parentIds)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets its index.</summary>
    public int NewCandidateIndex { get; } = newCandidateIndex;

    /// <summary>Gets the two parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;
}
