namespace Gepa;

/// <summary>Arguments of the callback raised when the run ends.</summary>
/// <param name="bestCandidateIndex">The index of the best candidate.</param>
/// <param name="totalIterations">The number of iterations run.</param>
/// <param name="totalMetricCalls">The metric calls spent.</param>
/// <param name="stopReason">Why the run stopped.</param>
public readonly struct OptimizationEndArgs(int bestCandidateIndex, int totalIterations, int totalMetricCalls, GepaStopReason stopReason)
{
    /// <summary>Gets the index of the best candidate.</summary>
    public int BestCandidateIndex { get; } = bestCandidateIndex;

    /// <summary>Gets the number of iterations run.</summary>
    public int TotalIterations { get; } = totalIterations;

    /// <summary>Gets the metric calls spent.</summary>
    public int TotalMetricCalls { get; } = totalMetricCalls;

    /// <summary>Gets why the run stopped.</summary>
    public GepaStopReason StopReason { get; } = stopReason;
}
