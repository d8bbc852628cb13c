namespace Gepa.Orleans;

/// <summary>One batch of rollouts sent to a worker silo: a candidate on some examples of one split, each example with
/// its logical rollout key. API keys never travel in it: workers read them from their own environment.</summary>
[GenerateSerializer, Immutable]
public sealed record RolloutBatchRequest
{
    /// <summary>Gets the run the rollouts belong to.</summary>
    [Id(0)] public required string RunId { get; init; }

    /// <summary>Gets the name of the rollout function the worker resolves.</summary>
    [Id(1)] public required string Function { get; init; }

    /// <summary>Gets the candidate's component texts.</summary>
    [Id(2)] public required IReadOnlyDictionary<string, string> Components { get; init; }

    /// <summary>Gets the split the examples come from (<c>train</c> or <c>val</c>).</summary>
    [Id(3)] public required string Split { get; init; }

    /// <summary>Gets the indexes of the examples in their split, in the order results must come back.</summary>
    [Id(4)] public required IReadOnlyList<int> ExampleIds { get; init; }

    /// <summary>Gets the logical rollout key of each example, in the same order.</summary>
    [Id(5)] public required IReadOnlyList<string> Keys { get; init; }

    /// <summary>Gets whether the worker must return traces.</summary>
    [Id(6)] public bool CaptureTraces { get; init; }

    /// <summary>Gets the attempt number (0 for the first dispatch; a retry after a lost silo is 1 or more).</summary>
    [Id(7)] public int Attempt { get; init; }
}
