namespace Gepa;

/// <summary>Arguments of the callback raised when a proposal could not be made (the reflection model failed or replied with nothing usable, after retries).</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIndex">The parent's index.</param>
/// <param name="component">The component being rewritten.</param>
/// <param name="reason">What went wrong.</param>
/// <param name="exception">The last exception, if any.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct ProposalFailedArgs(int iteration, int parentIndex, string component, string reason, Exception? exception, int? proposalId = null)
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

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
