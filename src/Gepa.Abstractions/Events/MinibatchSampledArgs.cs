namespace Gepa;

/// <summary>Arguments of the callback raised when a training minibatch is drawn.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="minibatchIds">The training example indexes, in order (padding may repeat one).</param>
public readonly struct MinibatchSampledArgs(int iteration, IReadOnlyList<int> minibatchIds)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the training example indexes, in order (padding may repeat one).</summary>
    public IReadOnlyList<int> MinibatchIds { get; } = minibatchIds;
}
