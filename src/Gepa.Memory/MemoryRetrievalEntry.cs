namespace Gepa;

/// <summary>One line of a run directory's <c>memory.jsonl</c>: a retrieval, what it was asked and what it returned.</summary>
public sealed class MemoryRetrievalEntry
{
    /// <summary>Gets or sets when it happened.</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>Gets or sets the role (component) asked for, or <see langword="null"/> for any.</summary>
    public string? Role { get; set; }

    /// <summary>Gets or sets the task the retrieval was for (its own lessons are excluded).</summary>
    public string? TaskId { get; set; }

    /// <summary>Gets or sets how many lessons were considered.</summary>
    public int Considered { get; set; }

    /// <summary>Gets or sets the lesson ids returned, in order.</summary>
    public List<long> Lessons { get; set; } = [];

    /// <summary>Gets or sets their texts, in the same order, as the bank holds them (redacted when stored), so the run
    /// directory's report can show them; empty in logs written before it was recorded.</summary>
    public List<string> Texts { get; set; } = [];

    /// <summary>Gets or sets their similarities, in the same order.</summary>
    public List<double> Similarities { get; set; } = [];

    /// <summary>Gets or sets the estimated tokens the returned lessons take.</summary>
    public int Tokens { get; set; }

    /// <summary>Gets or sets the similarity floor used.</summary>
    public double Floor { get; set; }
}
