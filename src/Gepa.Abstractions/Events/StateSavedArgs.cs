namespace Gepa;

/// <summary>Arguments of the callback raised when the run state was saved.</summary>
/// <param name="iteration">The last completed iteration.</param>
public readonly struct StateSavedArgs(int iteration)
{
    /// <summary>Gets the last completed iteration.</summary>
    public int Iteration { get; } = iteration;
}
