using System.Text.Json;

namespace Gepa;

/// <summary>The content of a run directory's <c>state.json</c>: the engine's last checkpoint and how far the journals it
/// covers go. It is replaced atomically at every iteration boundary, so it is always a complete, resumable state.</summary>
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

    /// <summary>Gets or sets the metric-call budget the run had when the state was saved, if any.</summary>
    public int? MaxMetricCalls { get; set; }

    /// <summary>Gets or sets the engine's checkpoint: pool, scores, counters, sampler, random state and evaluation cache.</summary>
    public GepaCheckpoint Checkpoint { get; set; } = new();

    /// <summary>Gets or sets what the run's stop conditions remember, in the order of <see cref="GepaOptions.StopConditions"/>
    /// (<see langword="null"/> for one that remembers nothing).</summary>
    public List<JsonElement?> StopConditions { get; set; } = [];

    /// <summary>Gets or sets state kept by the host application (the CLI keeps its usage counters), by name.</summary>
    public Dictionary<string, JsonElement> Host { get; set; } = [];
}
