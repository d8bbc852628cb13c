namespace Gepa;

/// <summary>Arguments of the callback raised when the Pareto front changed after a candidate was added.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="newFront">Every candidate that is best on some front key, ascending.</param>
/// <param name="displaced">Candidates that were on the front before and are not now.</param>
public readonly struct ParetoFrontUpdatedArgs(int iteration, IReadOnlyList<int> newFront, IReadOnlyList<int> displaced)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets every candidate that is best on some front key, ascending.</summary>
    public IReadOnlyList<int> NewFront { get; } = newFront;

    /// <summary>Gets candidates that were on the front before and are not now.</summary>
    public IReadOnlyList<int> Displaced { get; } = displaced;
}
