namespace Gepa;

/// <summary>Arguments of the callback raised when an iteration ends.</summary>
/// <param name="iteration">The iteration number, from 1.</param>
/// <param name="proposalAccepted">Whether a new candidate was added.</param>
public readonly struct IterationEndArgs(int iteration, bool proposalAccepted)
{
    /// <summary>Gets the iteration number, from 1.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets whether a new candidate was added.</summary>
    public bool ProposalAccepted { get; } = proposalAccepted;
}
