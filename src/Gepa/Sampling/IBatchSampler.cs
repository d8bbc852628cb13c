namespace Gepa.Strategies;

/// <summary>Chooses the training examples of the next reflective proposal's minibatch (the reference's
/// <c>BatchSampler</c>).</summary>
public interface IBatchSampler
{
    /// <summary>Chooses the minibatch.</summary>
    /// <param name="state">The run's state.</param>
    /// <param name="parent">The parent the minibatch is for.</param>
    /// <returns>Indexes into the training set.</returns>
    IReadOnlyList<int> NextMinibatchIds(IGepaStateView state, int parent);
}
