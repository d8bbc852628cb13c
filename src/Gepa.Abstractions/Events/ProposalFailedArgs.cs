namespace Gepa;

/// <summary>Arguments of the callback raised when a proposal could not be made (the reflection model failed or replied with nothing usable, after retries).</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIndex">The parent's index.</param>
/// <param name="component">The component being rewritten.</param>
/// <param name="reason">What went wrong.</param>
/// <param name="exception">The last exception, if any.</param>
public readonly struct ProposalFailedArgs(int iteration, int parentIndex, string component, string reason, Exception? exception)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int ParentIndex { get; } = parentIndex;

    /// <summary>Gets the component being rewritten.</summary>
    public string Component { get; } = component;

    /// <summary>Gets what went wrong.</summary>
    public string Reason { get; } = reason;

    /// <summary>Gets the last exception, if any.</summary>
    public Exception? Exception { get; } = exception;
}
