namespace Gepa.Cli.Benchmarks;

/// <summary>One optimization run of a benchmark: a configuration at one budget with one engine seed, its best candidate
/// scored on the test split afterwards (outside the budget).</summary>
internal sealed record BenchmarkRun
{
    /// <summary>Gets the name of the configuration (its file name without extension).</summary>
    public required string Config { get; init; }

    /// <summary>Gets the rollout budget (<c>engine.max-metric-calls</c>).</summary>
    public required int Budget { get; init; }

    /// <summary>Gets the engine seed (<c>engine.seed</c>).</summary>
    public required int Seed { get; init; }

    /// <summary>Gets the best candidate's validation score.</summary>
    public required double ValScore { get; init; }

    /// <summary>Gets the best candidate's mean score on the test split.</summary>
    public required double TestScore { get; init; }

    /// <summary>Gets the rollouts (metric calls) the run actually spent.</summary>
    public required int Rollouts { get; init; }

    /// <summary>Gets the number of candidates in the final pool, the seed included.</summary>
    public required int Candidates { get; init; }

    /// <summary>Gets the number of reflection-model calls.</summary>
    public required int ReflectionCalls { get; init; }

    /// <summary>Gets the tokens (input plus output, task and reflection models) of the optimization, without the test
    /// evaluation.</summary>
    public required long Tokens { get; init; }

    /// <summary>Gets the wall-clock time of the optimization, in seconds, without the test evaluation.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Gets why the run stopped.</summary>
    public required string StopReason { get; init; }
}
