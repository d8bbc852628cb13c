namespace Gepa.Orleans;

/// <summary>The outcome of a finished cluster run, small enough to poll.</summary>
[GenerateSerializer, Immutable]
public sealed record GepaRunSummary
{
    /// <summary>Gets every candidate's texts, in discovery order.</summary>
    [Id(0)] public IReadOnlyList<IReadOnlyDictionary<string, string>> Candidates { get; init; } = [];

    /// <summary>Gets every candidate's validation score.</summary>
    [Id(1)] public IReadOnlyList<double> ValAggregateScores { get; init; } = [];

    /// <summary>Gets each candidate's parents.</summary>
    [Id(2)] public IReadOnlyList<IReadOnlyList<int>> Parents { get; init; } = [];

    /// <summary>Gets the index of the best candidate.</summary>
    [Id(3)] public int BestIndex { get; init; }

    /// <summary>Gets the rollouts the engine counted (its budget).</summary>
    [Id(4)] public int TotalMetricCalls { get; init; }

    /// <summary>Gets the iterations run.</summary>
    [Id(5)] public int Iterations { get; init; }

    /// <summary>Gets why the run stopped.</summary>
    [Id(6)] public string StopReason { get; init; } = "";

    /// <summary>Gets the stop message.</summary>
    [Id(7)] public string StopMessage { get; init; } = "";

    /// <summary>Gets the best candidate's texts.</summary>
    public IReadOnlyDictionary<string, string> BestCandidate => Candidates[BestIndex];

    /// <summary>Summarizes a result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The summary.</returns>
    public static GepaRunSummary From(GepaResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new GepaRunSummary
        {
            Candidates = [.. result.Candidates.Select(c => (IReadOnlyDictionary<string, string>)c.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal))],
            ValAggregateScores = [.. result.ValAggregateScores],
            Parents = [.. result.Parents.Select(p => (IReadOnlyList<int>)[.. p])],
            BestIndex = result.BestIndex,
            TotalMetricCalls = result.TotalMetricCalls,
            Iterations = result.Iterations,
            StopReason = result.StopReason.ToString(),
            StopMessage = result.StopMessage,
        };
    }
}
