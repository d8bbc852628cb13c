namespace Gepa.Cli.Output;

/// <summary>One JSON-lines event written by <c>gepa optimize --json</c>; fields that do not apply are left out.</summary>
internal sealed record ProgressEvent
{
    /// <summary>Gets the event name: note, preflight, iteration, rollouts, accepted, rejected, failed, summary, error.</summary>
    public required string Event { get; init; }

    /// <summary>Gets the iteration.</summary>
    public int? Iteration { get; init; }

    /// <summary>Gets the rollouts used.</summary>
    public int? Rollouts { get; init; }

    /// <summary>Gets the rollout budget.</summary>
    public int? Budget { get; init; }

    /// <summary>Gets the best validation score so far.</summary>
    public double? BestScore { get; init; }

    /// <summary>Gets a score relevant to the event (the new candidate's, the child's).</summary>
    public double? Score { get; init; }

    /// <summary>Gets the best candidate's mean test score (summary), scored after the run outside the budget.</summary>
    public double? TestScore { get; init; }

    /// <summary>Gets the proposals accepted so far.</summary>
    public int? Accepted { get; init; }

    /// <summary>Gets the proposals tried so far.</summary>
    public int? Tried { get; init; }

    /// <summary>Gets the estimated number of proposals (preflight).</summary>
    public int? EstimatedProposals { get; init; }

    /// <summary>Gets a human-readable message.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the stop reason (summary).</summary>
    public string? StopReason { get; init; }

    /// <summary>Gets the run directory (summary).</summary>
    public string? RunDirectory { get; init; }

    /// <summary>Gets the command that continues the run (summary of a run that can be resumed).</summary>
    public string? ResumeCommand { get; init; }

    /// <summary>Gets the usage per role (summary).</summary>
    public IReadOnlyList<UsageDocument>? Usage { get; init; }
}
