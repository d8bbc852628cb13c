namespace Gepa.Orleans;

/// <summary>A run's rollout counters at one moment.</summary>
[GenerateSerializer, Immutable]
public sealed record RolloutCounters
{
    /// <summary>Gets the committed rollouts (the budget spent on the cluster).</summary>
    [Id(0)] public long Rollouts { get; init; }

    /// <summary>Gets the rollouts dispatched to workers, lost attempts included.</summary>
    [Id(1)] public long Executions { get; init; }

    /// <summary>Gets the executions that bought no committed rollout (those still in flight are not counted).</summary>
    [Id(2)] public long WastedExecutions { get; init; }

    /// <summary>Gets the results that arrived for a key already committed.</summary>
    [Id(3)] public long Duplicates { get; init; }

    /// <summary>Gets the input tokens of every attempt.</summary>
    [Id(4)] public long InputTokens { get; init; }

    /// <summary>Gets the output tokens of every attempt.</summary>
    [Id(5)] public long OutputTokens { get; init; }

    /// <summary>Gets the cost of every attempt in US dollars.</summary>
    [Id(6)] public decimal CostUsd { get; init; }

    /// <summary>Gets the executions whose results had not come back at that moment.</summary>
    [Id(7)] public long InFlight { get; init; }
}
