namespace Gepa;

/// <summary>One proposal of one run, accepted or not: the diff it made to one component, its scores before and after, and
/// the feedback that motivated it.</summary>
public sealed class EditRecord
{
    /// <summary>Gets or sets the bank's id of the edit (0 until stored).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the task.</summary>
    public string TaskId { get; set; } = "";

    /// <summary>Gets or sets the run.</summary>
    public string RunId { get; set; } = "";

    /// <summary>Gets or sets the iteration of the run.</summary>
    public int Iteration { get; set; }

    /// <summary>Gets or sets the kind: <c>mutation</c> or <c>merge</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Gets or sets the component rewritten.</summary>
    public string Component { get; set; } = "";

    /// <summary>Gets or sets the parent's pool index.</summary>
    public int Parent { get; set; }

    /// <summary>Gets or sets the child's pool index, when it was accepted.</summary>
    public int? Child { get; set; }

    /// <summary>Gets or sets the line diff: removed lines start with <c>-</c>, added lines with <c>+</c>.</summary>
    public string Diff { get; set; } = "";

    /// <summary>Gets or sets the parent's minibatch sum.</summary>
    public double? ScoreBefore { get; set; }

    /// <summary>Gets or sets the child's minibatch sum.</summary>
    public double? ScoreAfter { get; set; }

    /// <summary>Gets or sets whether the child joined the pool.</summary>
    public bool Accepted { get; set; }

    /// <summary>Gets or sets the child's validation mean minus its parent's, when accepted.</summary>
    public double? ValDelta { get; set; }

    /// <summary>Gets or sets an excerpt of the feedback shown to the reflection model (at most 500 characters).</summary>
    public string Feedback { get; set; } = "";
}
