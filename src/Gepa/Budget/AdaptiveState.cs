using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gepa;

/// <summary>Everything the adaptive budget policy remembers between iterations: a plain data object that goes into
/// the checkpoint (<see cref="GepaCheckpoint.PolicyState"/> under <see cref="CheckpointKey"/>), so that a resumed
/// run makes the same decisions.</summary>
/// <remarks>Per-candidate racing progress needs no field here: a candidate's evaluated examples are its validation
/// scores, which the checkpoint already holds, and the racing order is derived from the seed.</remarks>
internal sealed class AdaptiveState
{
    /// <summary>The key of this state in <see cref="GepaCheckpoint.PolicyState"/>.</summary>
    public const string CheckpointKey = "adaptive";

    /// <summary>Gets or sets the moving average of the share of raced examples on which a new candidate and the
    /// incumbent disagreed, or <see langword="null"/> before the first race.</summary>
    public double? Movement { get; set; }

    /// <summary>Gets or sets the number of races run.</summary>
    public int Races { get; set; }

    /// <summary>Gets or sets the number of races stopped before the whole valset.</summary>
    public int RacesStopped { get; set; }

    /// <summary>Gets or sets the validation rollouts spent by races.</summary>
    public int RaceRollouts { get; set; }

    /// <summary>Gets or sets the bandit's discounted record per component, by component name.</summary>
    public Dictionary<string, BanditArm> Arms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the rollouts merges have spent (their subsamples and their validation).</summary>
    public int MergeRollouts { get; set; }

    /// <summary>Gets or sets the number of merges the diversity trigger started.</summary>
    public int MergesTriggered { get; set; }

    /// <summary>Gets or sets the pool size when the diversity trigger last found nothing to merge: it is not asked
    /// again until the pool has grown, since the same pool gives the same answer.</summary>
    public int MergeCheckedAtPoolSize { get; set; }

    /// <summary>Gets or sets every training score the run observed, by candidate and training example: the focused
    /// minibatch predicts from them which examples a parent passes.</summary>
    public Dictionary<int, Dictionary<int, double>> TrainScores { get; set; } = [];

    /// <summary>Gets or sets the focused minibatches' current shuffled pass over the training set.</summary>
    public List<int> TrainOrder { get; set; } = [];

    /// <summary>Gets or sets the position of the next example in <see cref="TrainOrder"/>.</summary>
    public int TrainCursor { get; set; }

    /// <summary>Gets or sets the number of child evaluations stopped once the child could no longer be accepted.</summary>
    public int EarlyRejections { get; set; }

    /// <summary>Gets or sets the rollouts those early rejections saved.</summary>
    public int EarlyRejectionSavings { get; set; }

    /// <summary>Writes this state as JSON for a checkpoint.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, AdaptiveStateJsonContext.Default.AdaptiveState);

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    public static AdaptiveState FromJson(JsonElement json) =>
        json.Deserialize(AdaptiveStateJsonContext.Default.AdaptiveState) ?? new AdaptiveState();
}

/// <summary>The source-generated JSON context of <see cref="AdaptiveState"/>.</summary>
[JsonSerializable(typeof(AdaptiveState))]
internal sealed partial class AdaptiveStateJsonContext : JsonSerializerContext;
