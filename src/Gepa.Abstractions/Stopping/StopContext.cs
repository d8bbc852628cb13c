namespace Gepa;

/// <summary>What a stop condition can see of the run.</summary>
/// <param name="iteration">The number of iterations completed.</param>
/// <param name="totalMetricCalls">The metric calls spent so far.</param>
/// <param name="maxMetricCalls">The budget, when there is one.</param>
/// <param name="candidateCount">The number of candidates in the pool.</param>
/// <param name="bestScore">The best mean validation score so far.</param>
/// <param name="proposalsTried">The number of proposals evaluated on a minibatch so far.</param>
/// <param name="elapsed">The wall-clock time since the run started.</param>
public readonly struct StopContext(int iteration, int totalMetricCalls, int? maxMetricCalls, int candidateCount, double bestScore, int proposalsTried, TimeSpan elapsed)
{
    /// <summary>Gets the number of iterations completed.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the metric calls spent so far.</summary>
    public int TotalMetricCalls { get; } = totalMetricCalls;

    /// <summary>Gets the budget, when there is one.</summary>
    public int? MaxMetricCalls { get; } = maxMetricCalls;

    /// <summary>Gets the number of candidates in the pool.</summary>
    public int CandidateCount { get; } = candidateCount;

    /// <summary>Gets the best mean validation score so far.</summary>
    public double BestScore { get; } = bestScore;

    /// <summary>Gets the number of proposals evaluated on a minibatch so far.</summary>
    public int ProposalsTried { get; } = proposalsTried;

    /// <summary>Gets the wall-clock time since the run started.</summary>
    public TimeSpan Elapsed { get; } = elapsed;
}
