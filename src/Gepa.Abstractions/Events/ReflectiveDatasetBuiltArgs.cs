namespace Gepa;

/// <summary>Arguments of the callback raised when the reflective records for a proposal were built.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="candidateIndex">The parent's index.</param>
/// <param name="components">The components being rewritten.</param>
/// <param name="dataset">The records.</param>
public readonly struct ReflectiveDatasetBuiltArgs(int iteration, int candidateIndex, IReadOnlyList<string> components, ReflectiveDataset dataset)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int CandidateIndex { get; } = candidateIndex;

    /// <summary>Gets the components being rewritten.</summary>
    public IReadOnlyList<string> Components { get; } = components;

    /// <summary>Gets the records.</summary>
    public ReflectiveDataset Dataset { get; } = dataset;
}
