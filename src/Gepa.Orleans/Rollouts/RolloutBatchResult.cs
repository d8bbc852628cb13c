namespace Gepa.Orleans;

/// <summary>What a worker returns for a <see cref="RolloutBatchRequest"/>: one result per example, or the error the
/// rollout function threw (a real evaluation, charged like any other), with the usage of this attempt.</summary>
[GenerateSerializer, Immutable]
public sealed record RolloutBatchResult
{
    /// <summary>Gets one result per example, in request order (empty when <see cref="Error"/> is set).</summary>
    [Id(0)] public IReadOnlyList<RolloutExampleResult> Results { get; init; } = [];

    /// <summary>Gets the rollout function's error message, or <see langword="null"/>.</summary>
    [Id(1)] public string? Error { get; init; }

    /// <summary>Gets the name of the silo that ran the batch.</summary>
    [Id(2)] public string Silo { get; init; } = "";

    /// <summary>Gets the input tokens this attempt spent.</summary>
    [Id(3)] public long InputTokens { get; init; }

    /// <summary>Gets the output tokens this attempt spent.</summary>
    [Id(4)] public long OutputTokens { get; init; }

    /// <summary>Gets the cost of this attempt in US dollars, when the function knows it.</summary>
    [Id(5)] public decimal CostUsd { get; init; }
}
