namespace Gepa;

/// <summary>Arguments of the callback raised when a merged candidate was built and evaluated on a subsample.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIds">The two parents.</param>
/// <param name="ancestorIndex">Their common ancestor.</param>
/// <param name="merged">The merged candidate.</param>
public readonly struct MergeAttemptedArgs(int iteration, IReadOnlyList<int> parentIds, int ancestorIndex, Candidate merged)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the two parents.</summary>
    public IReadOnlyList<int> ParentIds { get; } = parentIds;

    /// <summary>Gets their common ancestor.</summary>
    public int AncestorIndex { get; } = ancestorIndex;

    /// <summary>Gets the merged candidate.</summary>
    public Candidate Merged { get; } = merged;
}
