using System.Text.Json;

namespace Gepa;

/// <summary>The content of a run directory's <c>state.json</c>: the engine's last checkpoint and how far the journals it
/// covers go. It is replaced atomically at every iteration boundary, so it is always a complete, resumable state.</summary>
/// <remarks>Since format version 2 the file holds only the checkpoint's small part: the pool with its validation scores,
/// the evaluation cache and the adaptive policy's observed training scores are appended to <c>pool.jsonl</c>,
/// <c>cache.jsonl</c> and <c>observed.jsonl</c>, and <see cref="Pool"/>, <see cref="Cache"/> and <see cref="Observed"/>
/// say how much of each this state covers. <see cref="GepaRunDirectory.ReadState"/> rebuilds the whole checkpoint, so
/// <see cref="Checkpoint"/> is always complete in memory. A format-1 state (the whole checkpoint in this file) is read as
/// it is.</remarks>
public sealed class RunState
{
    /// <summary>Gets or sets the run directory format version.</summary>
    public int FormatVersion { get; set; } = GepaRunDirectory.CurrentFormatVersion;

    /// <summary>Gets or sets when the state was saved.</summary>
    public DateTimeOffset SavedAt { get; set; }

    /// <summary>Gets or sets the session (1 for the first start, one more for each resume) that saved it.</summary>
    public int Session { get; set; }

    /// <summary>Gets or sets the length in bytes of <c>candidates.jsonl</c> that this state covers; on resume the file is cut
    /// back to it, so that the records of an iteration that was interrupted are written once, when it is run again.</summary>
    public long CandidatesLength { get; set; }

    /// <summary>Gets or sets the number of records in <c>candidates.jsonl</c> up to <see cref="CandidatesLength"/>.</summary>
    public int RecordCount { get; set; }

    /// <summary>Gets or sets how much of <c>pool.jsonl</c> this state covers, or <see langword="null"/> in a format-1 state,
    /// whose checkpoint holds the pool itself.</summary>
    public JournalMark? Pool { get; set; }

    /// <summary>Gets or sets how much of <c>cache.jsonl</c> this state covers, or <see langword="null"/> when the
    /// evaluation cache is off (or in a format-1 state).</summary>
    public JournalMark? Cache { get; set; }

    /// <summary>Gets or sets how much of <c>observed.jsonl</c> this state covers, or <see langword="null"/> when the run has
    /// observed no training scores for the adaptive policy (or in a format-1 state).</summary>
    public JournalMark? Observed { get; set; }

    /// <summary>Gets or sets each candidate's round-robin pointer (format 2; the only part of a candidate that changes
    /// after it joined the pool, so it is kept here rather than in <c>pool.jsonl</c>).</summary>
    public List<int>? RoundRobinPointers { get; set; }

    /// <summary>Gets or sets the random source's state as base64 of its little-endian words (format 2).</summary>
    public string? RandomState { get; set; }

    /// <summary>Gets or sets the metric-call budget the run had when the state was saved, if any.</summary>
    public int? MaxMetricCalls { get; set; }

    /// <summary>Gets or sets the engine's checkpoint: pool, scores, counters, sampler, random state and evaluation cache.</summary>
    public GepaCheckpoint Checkpoint { get; set; } = new();

    /// <summary>Gets or sets what the run's stop conditions remember, in the order of <see cref="GepaOptions.StopConditions"/>
    /// (<see langword="null"/> for one that remembers nothing).</summary>
    public List<JsonElement?> StopConditions { get; set; } = [];

    /// <summary>Gets or sets state kept by the host application (the CLI keeps its usage counters), by name.</summary>
    public Dictionary<string, JsonElement> Host { get; set; } = [];

    /// <summary>Gets or sets the state of each <see cref="IRunStateExtension"/> registered with
    /// <see cref="GepaRunDirectory.AddExtension"/>, by its name (written only when there is one).</summary>
    public Dictionary<string, JsonElement> Extensions { get; set; } = [];
}
