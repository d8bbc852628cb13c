namespace Gepa;

/// <summary>One candidate a run could start from, with where it came from and, once scored, its validation score.</summary>
public sealed class StartingCandidate
{
    /// <summary>The origin of the run's own seed.</summary>
    public const string SeedOrigin = "seed";

    /// <summary>The origin of the seed with retrieved lessons appended.</summary>
    public const string AugmentedSeedOrigin = "lesson-augmented-seed";

    /// <summary>Gets or sets the candidate.</summary>
    public required Candidate Candidate { get; init; }

    /// <summary>Gets or sets where it came from: <see cref="SeedOrigin"/>, <see cref="AugmentedSeedOrigin"/>, or
    /// <c>task:&lt;id&gt;</c> for another task's best candidate.</summary>
    public required string Origin { get; init; }

    /// <summary>Gets or sets the task-profile similarity that brought another task's candidate (1 for the seed's own).</summary>
    public double Similarity { get; init; } = 1;

    /// <summary>Gets or sets the mean validation score, once scored; <see langword="null"/> when it was not scored.</summary>
    public double? Score { get; set; }

    /// <summary>Gets or sets the mean score on the race examples, once raced; <see langword="null"/> when it was not raced.</summary>
    public double? RaceScore { get; set; }
}
