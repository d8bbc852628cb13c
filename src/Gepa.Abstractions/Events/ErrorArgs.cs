namespace Gepa;

/// <summary>Arguments of the callback raised when an iteration failed.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="exception">The exception.</param>
/// <param name="willContinue">Whether the run goes on.</param>
public readonly struct ErrorArgs(int iteration, Exception exception, bool willContinue)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the exception.</summary>
    public Exception Exception { get; } = exception;

    /// <summary>Gets whether the run goes on.</summary>
    public bool WillContinue { get; } = willContinue;
}
