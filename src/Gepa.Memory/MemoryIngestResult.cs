namespace Gepa;

/// <summary>What ingesting one run added to a memory bank.</summary>
public sealed class MemoryIngestResult
{
    /// <summary>Gets or sets the run's id.</summary>
    public string RunId { get; set; } = "";

    /// <summary>Gets or sets whether the run had been ingested before (then nothing was added).</summary>
    public bool AlreadyIngested { get; set; }

    /// <summary>Gets or sets how many edits were stored.</summary>
    public int Edits { get; set; }

    /// <summary>Gets or sets the ids of the lessons stored or reinforced.</summary>
    public List<long> Lessons { get; set; } = [];

    /// <summary>Gets or sets how many lesson citations in the run's reflection replies updated counters.</summary>
    public int CitedLessons { get; set; }

    /// <summary>Gets or sets whether a best candidate was stored.</summary>
    public bool BestCandidate { get; set; }
}
