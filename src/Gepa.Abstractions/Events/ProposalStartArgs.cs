namespace Gepa;

/// <summary>Arguments of the callback raised when the reflection model is about to be asked for new texts.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIndex">The parent's index.</param>
/// <param name="components">The components being rewritten.</param>
public readonly struct ProposalStartArgs(int iteration, int parentIndex, IReadOnlyList<string> components)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int ParentIndex { get; } = parentIndex;

    /// <summary>Gets the components being rewritten.</summary>
    public IReadOnlyList<string> Components { get; } = components;
}
