namespace Gepa.Orleans;

/// <summary>What a run grain persists: the run's definition, its state, the engine's checkpoint at the last
/// iteration boundary (JSON) with the ledger's counters at that moment, and the summary once finished.</summary>
[GenerateSerializer]
public sealed class GepaRunRecord
{
    /// <summary>Gets or sets the name of the run definition.</summary>
    [Id(0)] public string Definition { get; set; } = "";

    /// <summary>Gets or sets the state.</summary>
    [Id(1)] public GepaRunState State { get; set; }

    /// <summary>Gets or sets the engine's last checkpoint as JSON, or <see langword="null"/> before the first.</summary>
    [Id(2)] public string? CheckpointJson { get; set; }

    /// <summary>Gets or sets the ledger's counters when the checkpoint was written.</summary>
    [Id(3)] public RolloutCounters? Counters { get; set; }

    /// <summary>Gets or sets the iteration of the last checkpoint.</summary>
    [Id(4)] public int Iteration { get; set; }

    /// <summary>Gets or sets the summary of a finished run.</summary>
    [Id(5)] public GepaRunSummary? Summary { get; set; }

    /// <summary>Gets or sets why the run failed.</summary>
    [Id(6)] public string? Error { get; set; }

    /// <summary>Gets or sets how many times the run resumed from a checkpoint after its grain moved.</summary>
    [Id(7)] public int Resumes { get; set; }
}
