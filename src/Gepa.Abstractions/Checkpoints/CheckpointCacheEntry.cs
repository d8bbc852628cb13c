using System.Text.Json;

namespace Gepa;

/// <summary>One evaluation-cache entry of a <see cref="GepaCheckpoint"/>.</summary>
public sealed class CheckpointCacheEntry
{
    /// <summary>Gets or sets the candidate's content hash.</summary>
    public string Hash { get; set; } = "";

    /// <summary>Gets or sets the split, <c>train</c> or <c>val</c>.</summary>
    public string Split { get; set; } = "";

    /// <summary>Gets or sets the example index.</summary>
    public int Id { get; set; }

    /// <summary>Gets or sets the score.</summary>
    public double Score { get; set; }

    /// <summary>Gets or sets the objective scores, or <see langword="null"/>.</summary>
    public Dictionary<string, double>? Objectives { get; set; }

    /// <summary>Gets or sets the output as JSON, or <see langword="null"/> when it could not be kept.</summary>
    public JsonElement? Output { get; set; }

    /// <summary>Gets or sets the trace as JSON, or <see langword="null"/> when there was none or it could not be kept.</summary>
    public JsonElement? Trace { get; set; }
}
