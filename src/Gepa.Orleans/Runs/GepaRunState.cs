namespace Gepa.Orleans;

/// <summary>Where a cluster run is in its life.</summary>
public enum GepaRunState
{
    /// <summary>Not started.</summary>
    NotStarted,

    /// <summary>Running (or about to resume after its grain moved).</summary>
    Running,

    /// <summary>A stop was asked for; the current iteration is being abandoned.</summary>
    Stopping,

    /// <summary>Finished by a stop condition or the budget.</summary>
    Completed,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Failed; the status says why.</summary>
    Failed,
}
