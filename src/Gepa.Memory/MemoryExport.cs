namespace Gepa;

/// <summary>The file <c>gepa memory export</c> writes and <c>import</c> reads: the task profiles, lessons and best
/// candidates of a bank, without embeddings (the importing bank embeds with its own generator) and without the raw edits
/// (they stay in the bank that saw the runs).</summary>
public sealed class MemoryExport
{
    /// <summary>The format version this build writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Gets or sets the format version.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>Gets or sets the task profiles.</summary>
    public List<TaskProfile> Tasks { get; set; } = [];

    /// <summary>Gets or sets the lessons.</summary>
    public List<Lesson> Lessons { get; set; } = [];

    /// <summary>Gets or sets the best candidates.</summary>
    public List<BestCandidateRecord> BestCandidates { get; set; } = [];
}
