namespace Gepa.Cli.Benchmarks;

/// <summary>Everything a benchmark measured, as written to <c>bench.json</c>.</summary>
internal sealed record BenchmarkDocument
{
    /// <summary>Gets the command that produced it.</summary>
    public required string Command { get; init; }

    /// <summary>Gets the benchmark's label.</summary>
    public required string Label { get; init; }

    /// <summary>Gets when it finished (UTC, ISO 8601).</summary>
    public required string FinishedUtc { get; init; }

    /// <summary>Gets the number of engine seeds per budget (seeds 0 to N − 1).</summary>
    public required int Seeds { get; init; }

    /// <summary>Gets the budgets, in rollouts.</summary>
    public required IReadOnlyList<int> Budgets { get; init; }

    /// <summary>Gets how many runs ran at once.</summary>
    public required int Parallel { get; init; }

    /// <summary>Gets the processor count of the machine.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>Gets the wall-clock seconds of the whole benchmark.</summary>
    public required double TotalWallSeconds { get; init; }

    /// <summary>Gets whether any configuration uses the simulated RuleWorld.</summary>
    public required bool Simulated { get; init; }

    /// <summary>Gets whether the simulation is the multi-hop world's (its task and reflection models) rather than
    /// RuleWorld.</summary>
    public bool MultiHopSimulation { get; init; }

    /// <summary>Gets the configurations, by name, with their files.</summary>
    public required IReadOnlyDictionary<string, string> Configs { get; init; }

    /// <summary>Gets the summary per configuration and budget.</summary>
    public required IReadOnlyList<BenchmarkRow> Rows { get; init; }

    /// <summary>Gets the reference curves, by configuration name.</summary>
    public required IReadOnlyDictionary<string, ReferenceCurve> References { get; init; }

    /// <summary>Gets every run.</summary>
    public required IReadOnlyList<BenchmarkRun> Runs { get; init; }
}
