namespace Gepa;

/// <summary>The content of a run directory's <c>summary.json</c>: where the run stands, rewritten when a session starts,
/// at its first checkpoint, then at most once per <see cref="GepaRunDirectoryOptions.DerivedFilesInterval"/>, and as of
/// the last checkpoint when the session ends.</summary>
public sealed class RunSummary
{
    /// <summary>The status of a run that is going on, or that was killed before it could say otherwise.</summary>
    public const string Running = "running";

    /// <summary>The status of a run that stopped by itself (budget, stop condition, failures in a row).</summary>
    public const string Completed = "completed";

    /// <summary>The status of a run stopped by the user (Ctrl+C).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The status of a run stopped by an error.</summary>
    public const string Failed = "failed";

    /// <summary>Gets or sets the run directory format version.</summary>
    public int FormatVersion { get; set; } = GepaRunDirectory.CurrentFormatVersion;

    /// <summary>Gets or sets the status: <c>running</c>, <c>completed</c>, <c>cancelled</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = Running;

    /// <summary>Gets or sets whether the directory holds a state to continue from.</summary>
    public bool Resumable { get; set; }

    /// <summary>Gets or sets the command that continues the run, when the host application knows it.</summary>
    public string? ResumeCommand { get; set; }

    /// <summary>Gets or sets why the run stopped, when it did.</summary>
    public string? StopReason { get; set; }

    /// <summary>Gets or sets the engine's explanation of the stop, or the error.</summary>
    public string? Message { get; set; }

    /// <summary>Gets or sets the session that wrote the summary (1 for the first start, one more for each resume).</summary>
    public int Session { get; set; }

    /// <summary>Gets or sets the iterations run.</summary>
    public int Iterations { get; set; }

    /// <summary>Gets or sets the rollouts (metric calls) spent.</summary>
    public int Rollouts { get; set; }

    /// <summary>Gets or sets the rollout budget, if any.</summary>
    public int? Budget { get; set; }

    /// <summary>Gets or sets the number of candidates in the pool.</summary>
    public int Candidates { get; set; }

    /// <summary>Gets or sets the best candidate's pool index.</summary>
    public int BestCandidate { get; set; }

    /// <summary>Gets or sets the best candidate's mean validation score.</summary>
    public double BestScore { get; set; }

    /// <summary>Gets or sets the seed's mean validation score.</summary>
    public double SeedScore { get; set; }

    /// <summary>Gets or sets the proposals evaluated on a minibatch.</summary>
    public int ProposalsTried { get; set; }

    /// <summary>Gets or sets the proposals accepted.</summary>
    public int ProposalsAccepted { get; set; }

    /// <summary>Gets or sets the proposals the reflection model could not make.</summary>
    public int FailedProposals { get; set; }

    /// <summary>Gets or sets the best candidate's mean score on the test split, scored after the run (outside the budget),
    /// when the host did so.</summary>
    public double? TestScore { get; set; }

    /// <summary>Gets or sets the number of test examples <see cref="TestScore"/> is the mean of.</summary>
    public int? TestExamples { get; set; }

    /// <summary>Gets or sets which candidate <see cref="TestScore"/> is of (the best when the run ended).</summary>
    public int? TestCandidate { get; set; }

    /// <summary>Gets or sets how the test split was scored or why it was not (for example "scored after the run, outside
    /// the rollout budget", or "no test split").</summary>
    public string? TestNote { get; set; }

    /// <summary>Gets or sets the wall-clock time the run has taken over all its sessions.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Gets or sets when the summary was written.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
