namespace Gepa;

/// <summary>What a stop condition can see of the run.</summary>
/// <param name="iteration">The number of iterations completed.</param>
/// <param name="totalMetricCalls">The metric calls spent so far.</param>
/// <param name="maxMetricCalls">The budget, when there is one.</param>
/// <param name="candidateCount">The number of candidates in the pool.</param>
/// <param name="bestScore">The best mean validation score so far.</param>
/// <param name="proposalsTried">The number of proposals evaluated on a minibatch so far.</param>
/// <param name="elapsed">The wall-clock time since the run started.</param>
/// <param name="reflectionInputTokens">The input tokens the reflection model reported so far.</param>
/// <param name="reflectionOutputTokens">The output tokens the reflection model reported so far.</param>
/// <param name="leaderScore">The selection score of the leading candidate, or <see langword="null"/> for
/// <paramref name="bestScore"/>.</param>
public readonly struct StopContext(int iteration, int totalMetricCalls, int? maxMetricCalls, int candidateCount, double bestScore, int proposalsTried, TimeSpan elapsed, long reflectionInputTokens = 0, long reflectionOutputTokens = 0, double? leaderScore = null)
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

    /// <summary>Gets the input tokens the reflection model reported so far.</summary>
    public long ReflectionInputTokens { get; } = reflectionInputTokens;

    /// <summary>Gets the output tokens the reflection model reported so far.</summary>
    public long ReflectionOutputTokens { get; } = reflectionOutputTokens;

    /// <summary>Gets the selection score of the leading candidate: the candidate new proposals race against. Under
    /// adaptive validation it may be only partially evaluated, so this is an estimate of its validation score, which
    /// shows progress before the leader's full evaluation (deferred to the end of the run) does; otherwise it is
    /// <see cref="BestScore"/>.</summary>
    public double LeaderScore { get; } = leaderScore ?? bestScore;
}
