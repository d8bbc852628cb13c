namespace Gepa;

/// <summary>Arguments of the callback raised when an iteration starts.</summary>
/// <param name="iteration">The iteration number, from 1.</param>
public readonly struct IterationStartArgs(int iteration)
{
    /// <summary>Gets the iteration number, from 1.</summary>
    public int Iteration { get; } = iteration;
}
