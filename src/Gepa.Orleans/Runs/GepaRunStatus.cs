namespace Gepa.Orleans;

/// <summary>A run's status, as one short poll returns it.</summary>
[GenerateSerializer, Immutable]
public sealed record GepaRunStatus
{
    /// <summary>Gets the run's id.</summary>
    [Id(0)] public string RunId { get; init; } = "";

    /// <summary>Gets the run definition's name.</summary>
    [Id(1)] public string Definition { get; init; } = "";

    /// <summary>Gets the state.</summary>
    [Id(2)] public GepaRunState State { get; init; }

    /// <summary>Gets the iteration of the last checkpoint.</summary>
    [Id(3)] public int Iteration { get; init; }

    /// <summary>Gets the live rollout counters.</summary>
    [Id(4)] public RolloutCounters Counters { get; init; } = new();

    /// <summary>Gets the silo that hosts the run grain.</summary>
    [Id(5)] public string Host { get; init; } = "";

    /// <summary>Gets the summary once finished.</summary>
    [Id(6)] public GepaRunSummary? Summary { get; init; }

    /// <summary>Gets why the run failed.</summary>
    [Id(7)] public string? Error { get; init; }

    /// <summary>Gets how many times the run resumed after its grain moved.</summary>
    [Id(8)] public int Resumes { get; init; }

    /// <summary>Gets whether the run is over (completed, stopped or failed).</summary>
    public bool IsFinished => State is GepaRunState.Completed or GepaRunState.Stopped or GepaRunState.Failed;
}
