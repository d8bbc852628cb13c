namespace Gepa;

/// <summary>One line of a run directory's <c>events.jsonl</c>: an engine event with its time and session; fields that do
/// not apply are left out.</summary>
internal sealed class RunEvent
{
    public DateTimeOffset Time { get; set; }

    public int Session { get; set; }

    public string Event { get; set; } = "";

    public int? Iteration { get; set; }

    public int? Proposal { get; set; }

    public int? Candidate { get; set; }

    public IReadOnlyList<int>? Parents { get; set; }

    public double? Score { get; set; }

    public int? Rollouts { get; set; }

    public int? Delta { get; set; }

    public int? Budget { get; set; }

    public bool? Accepted { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public IReadOnlyList<string>? Components { get; set; }

    public IReadOnlyList<int>? Examples { get; set; }

    public IReadOnlyList<double>? Scores { get; set; }

    public IReadOnlyList<int>? Front { get; set; }
}
