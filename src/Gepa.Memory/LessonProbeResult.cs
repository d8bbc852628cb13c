namespace Gepa;

/// <summary>What a <see cref="LessonProbe"/> found: whether the seed with the retrieved lessons appended beat the seed on
/// the probe's validation examples, with both candidates' scores there and the rollouts it took.</summary>
public sealed class LessonProbeResult
{
    /// <summary>Gets a result for a probe that did not run (nothing to probe, or no room in the budget): not passed,
    /// nothing spent.</summary>
    public static LessonProbeResult NotRun { get; } = new() { Passed = false, Examples = 0, SeedScores = [], AugmentedScores = [] };

    /// <summary>Gets or sets whether the lessons passed: the augmented seed's mean was strictly higher than the seed's.</summary>
    public required bool Passed { get; init; }

    /// <summary>Gets or sets how many validation examples (a prefix of the validation set) the probe scored both on;
    /// 0 when it did not run.</summary>
    public required int Examples { get; init; }

    /// <summary>Gets or sets the seed's score on each probe example.</summary>
    public required IReadOnlyList<double> SeedScores { get; init; }

    /// <summary>Gets or sets the lesson-augmented seed's score on each probe example.</summary>
    public required IReadOnlyList<double> AugmentedScores { get; init; }

    /// <summary>Gets the seed's mean score on the probe examples (0 when it did not run).</summary>
    public double SeedMean => SeedScores.Count == 0 ? 0 : SeedScores.Average();

    /// <summary>Gets the augmented seed's mean score on the probe examples (0 when it did not run).</summary>
    public double AugmentedMean => AugmentedScores.Count == 0 ? 0 : AugmentedScores.Average();

    /// <summary>Gets the rollouts the probe took: both candidates on every probe example.</summary>
    public int RolloutsSpent => SeedScores.Count + AugmentedScores.Count;
}
