namespace Gepa;

/// <summary>The outcome of choosing where a run starts: the chosen candidate, every candidate considered, and the rollouts
/// the choice spent (to be taken off the run's budget).</summary>
public sealed class StartingChoice
{
    /// <summary>Gets or sets the candidate the run starts from.</summary>
    public required StartingCandidate Chosen { get; init; }

    /// <summary>Gets or sets every candidate considered, scored or not, in the order they were tried.</summary>
    public required IReadOnlyList<StartingCandidate> Considered { get; init; }

    /// <summary>Gets or sets the rollouts spent scoring them.</summary>
    public int RolloutsSpent { get; init; }
}
