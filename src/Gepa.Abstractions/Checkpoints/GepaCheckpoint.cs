using System.Text.Json;

namespace Gepa;

/// <summary>Everything a run needs to continue exactly where it was: the pool and its scores, the budget, the
/// counters, the merge bookkeeping, the sampler's position, the random source's state and the evaluation cache.</summary>
/// <remarks>
/// <para>The engine raises <see cref="GepaCallbacks.OnCheckpoint"/> with a new instance at every iteration boundary;
/// a run resumed from it with the same settings and the same model answers makes exactly the decisions the
/// uninterrupted run would have made, without re-evaluating anything. It is a plain data object made to be written
/// as JSON.</para>
/// </remarks>
public sealed class GepaCheckpoint
{
    /// <summary>The current format version; a checkpoint with a higher version is refused.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Gets or sets the format version.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>Gets or sets the settings that decide the run's choices, by name; resuming with different ones is refused.</summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    /// <summary>Gets or sets the candidates, in pool order.</summary>
    public List<CheckpointCandidate> Candidates { get; set; } = [];

    /// <summary>Gets or sets the reference's iteration counter (-1 before the first iteration).</summary>
    public int Iteration { get; set; }

    /// <summary>Gets or sets the metric calls spent.</summary>
    public int TotalMetricCalls { get; set; }

    /// <summary>Gets or sets the number of full validation evaluations.</summary>
    public int NumFullValEvals { get; set; }

    /// <summary>Gets or sets the run's counters (proposals, failures, merges, reflection usage), by name.</summary>
    public Dictionary<string, long> Counters { get; set; } = [];

    /// <summary>Gets or sets whether the last iteration added a candidate (the reference's merge trigger).</summary>
    public bool LastIterationFoundNewProgram { get; set; }

    /// <summary>Gets or sets the causes of the current run of failed proposals.</summary>
    public List<string> FailureCauses { get; set; } = [];

    /// <summary>Gets or sets the (parent, parent, ancestor) triplets already merged.</summary>
    public List<int[]> MergedTriplets { get; set; } = [];

    /// <summary>Gets or sets the merges already produced, as "i|j|sources".</summary>
    public List<string> MergedDescendants { get; set; } = [];

    /// <summary>Gets or sets the sampler's shuffled training order for the current epoch.</summary>
    public List<int> SamplerOrder { get; set; } = [];

    /// <summary>Gets or sets the sampler's epoch.</summary>
    public int SamplerEpoch { get; set; }

    /// <summary>Gets or sets the training-set size the sampler last saw.</summary>
    public int SamplerLastSize { get; set; }

    /// <summary>Gets or sets the random source's state (624 words and the position).</summary>
    public uint[] RandomState { get; set; } = [];

    /// <summary>Gets or sets the wall-clock time the run had taken when the checkpoint was made.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Gets or sets the evaluation cache's entries, or <see langword="null"/> when the cache is off.</summary>
    public List<CheckpointCacheEntry>? Cache { get; set; }

    /// <summary>Gets or sets state kept by optional engine policies, by policy name.</summary>
    public Dictionary<string, JsonElement> PolicyState { get; set; } = [];
}
