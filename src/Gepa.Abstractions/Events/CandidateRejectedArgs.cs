namespace Gepa;

/// <summary>Arguments of the callback raised when a child was not accepted.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="oldScore">The parent's minibatch score sum.</param>
/// <param name="newScore">The child's minibatch score sum.</param>
/// <param name="reason">Why it was rejected.</param>
public readonly struct CandidateRejectedArgs(int iteration, double oldScore, double newScore, string reason)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's minibatch score sum.</summary>
    public double OldScore { get; } = oldScore;

    /// <summary>Gets the child's minibatch score sum.</summary>
    public double NewScore { get; } = newScore;

    /// <summary>Gets why it was rejected.</summary>
    public string Reason { get; } = reason;
}
