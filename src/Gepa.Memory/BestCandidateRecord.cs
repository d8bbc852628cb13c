namespace Gepa;

/// <summary>The best candidate a run found for a task, with its scores and the budget it took.</summary>
public sealed class BestCandidateRecord
{
    /// <summary>Gets or sets the task.</summary>
    public string TaskId { get; set; } = "";

    /// <summary>Gets or sets the run.</summary>
    public string RunId { get; set; } = "";

    /// <summary>Gets or sets the candidate's text per component.</summary>
    public Dictionary<string, string> Components { get; set; } = [];

    /// <summary>Gets or sets its validation score.</summary>
    public double ValScore { get; set; }

    /// <summary>Gets or sets its test score, when the run scored one.</summary>
    public double? TestScore { get; set; }

    /// <summary>Gets or sets the rollouts the run spent.</summary>
    public int Rollouts { get; set; }
}
