namespace Gepa.Cli.Benchmarks;

/// <summary>The runs of one configuration at one budget, summarized over the seeds.</summary>
internal sealed record BenchmarkRow
{
    /// <summary>Gets the name of the configuration.</summary>
    public required string Config { get; init; }

    /// <summary>Gets the rollout budget.</summary>
    public required int Budget { get; init; }

    /// <summary>Gets the number of seeds (runs) summarized.</summary>
    public required int Runs { get; init; }

    /// <summary>Gets the best candidates' validation scores.</summary>
    public required MeanSd ValScore { get; init; }

    /// <summary>Gets the best candidates' test scores.</summary>
    public required MeanSd TestScore { get; init; }

    /// <summary>Gets the rollouts actually spent.</summary>
    public required MeanSd Rollouts { get; init; }

    /// <summary>Gets the candidates in the final pool.</summary>
    public required MeanSd Candidates { get; init; }

    /// <summary>Gets the reflection calls.</summary>
    public required MeanSd ReflectionCalls { get; init; }

    /// <summary>Gets the tokens of the optimization.</summary>
    public required MeanSd Tokens { get; init; }

    /// <summary>Gets the wall-clock seconds of one optimization.</summary>
    public required MeanSd WallSeconds { get; init; }

    /// <summary>Gets the reference's mean test score at this budget, when a reference curve gives one.</summary>
    public double? ReferenceTestScore { get; init; }

    /// <summary>Gets our mean test score minus the reference's, when there is a reference.</summary>
    public double? Gap => ReferenceTestScore is { } r ? TestScore.Mean - r : null;

    /// <summary>Summarizes the runs of one configuration at one budget.</summary>
    /// <param name="runs">The runs; all of the same configuration and budget.</param>
    /// <param name="reference">The reference curve of this configuration, if any.</param>
    /// <returns>The row.</returns>
    public static BenchmarkRow Of(IReadOnlyList<BenchmarkRun> runs, ReferenceCurve? reference)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var first = runs[0];
        return new BenchmarkRow
        {
            Config = first.Config,
            Budget = first.Budget,
            Runs = runs.Count,
            ValScore = MeanSd.Of(runs.Select(r => r.ValScore)),
            TestScore = MeanSd.Of(runs.Select(r => r.TestScore)),
            Rollouts = MeanSd.Of(runs.Select(r => (double)r.Rollouts)),
            Candidates = MeanSd.Of(runs.Select(r => (double)r.Candidates)),
            ReflectionCalls = MeanSd.Of(runs.Select(r => (double)r.ReflectionCalls)),
            Tokens = MeanSd.Of(runs.Select(r => (double)r.Tokens)),
            WallSeconds = MeanSd.Of(runs.Select(r => r.WallSeconds)),
            ReferenceTestScore = reference?.ScoreAt(first.Budget),
        };
    }
}
