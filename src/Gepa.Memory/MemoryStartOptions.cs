namespace Gepa;

/// <summary>What <see cref="MemoryStart.DecideAsync"/> decides from: the seed, what memory found for it, which of memory's
/// ways into the run are on, and the run's validation set and budget.</summary>
public sealed class MemoryStartOptions
{
    /// <summary>Gets or sets the run's own seed.</summary>
    public required Candidate Seed { get; init; }

    /// <summary>Gets or sets the lessons retrieved for each component (none by default).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RetrievedLesson>> Lessons { get; init; } = new Dictionary<string, IReadOnlyList<RetrievedLesson>>();

    /// <summary>Gets or sets whether the lessons are to be shown in the reflection prompt (mode 1); the probe, when on,
    /// decides whether they are.</summary>
    public bool LessonsInReflection { get; init; }

    /// <summary>Gets or sets whether the seed with the lessons appended is a starting candidate (mode 3).</summary>
    public bool LessonAugmentedSeed { get; init; }

    /// <summary>Gets or sets the best candidates of similar tasks to try as the start (mode 2;
    /// <see cref="StartingCandidates.FromSimilarTasks"/>), none by default.</summary>
    public IReadOnlyList<StartingCandidate> SimilarTaskCandidates { get; init; } = [];

    /// <summary>Gets or sets whether the lessons must pass the relevance probe (<see cref="LessonProbe"/>) before modes 1
    /// and 3 use them. It runs only with mode 1 on: without it, the race already decides.</summary>
    public bool Probe { get; init; }

    /// <summary>Gets or sets how many validation examples an extra starting candidate races the seed on before it earns a
    /// validation (the minibatch size, say); 0 (the default) scores every affordable candidate on the whole validation set.</summary>
    public int RaceExamples { get; init; }

    /// <summary>Gets or sets the validation set's size.</summary>
    public required int ValidationCount { get; init; }

    /// <summary>Gets or sets the run's whole rollout budget; what the start spends comes off it.</summary>
    public required int Budget { get; init; }

    /// <summary>Gets or sets the largest share of the budget (less the start's own validation) the start may spend (0 to 1).</summary>
    public double MaxBudgetShare { get; init; } = MemoryConstants.MaxStartBudgetShare;
}
