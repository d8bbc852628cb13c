namespace Gepa;

/// <summary>Where a run with memory starts, and what deciding it cost: whether the retrieved lessons passed the relevance
/// probe, which starting candidate won, the rollouts spent, and what is already known of the start on the validation set
/// (for <see cref="GepaOptions.PriorSeedEvaluation"/>, so the engine does not evaluate those examples again).</summary>
/// <remarks><see cref="DecideAsync"/> is the one place the probe, the race and the validations of a memory start are put
/// together; the <c>gepa</c> tool and the memory benchmark both call it. Every candidate is scored on prefixes of the
/// validation set and no example is scored twice for one candidate: the race reads the probe's scores, a validation
/// evaluates only the examples the probe and the race did not, and the start's known examples go to the engine.</remarks>
public sealed class MemoryStart
{
    /// <summary>Gets the retrieved lessons, as given.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<RetrievedLesson>> Lessons { get; init; }

    /// <summary>Gets whether the lessons are shown in the reflection prompt: mode 1 is on, some lesson was retrieved, and
    /// the probe, when it ran, passed.</summary>
    public required bool ShowLessons { get; init; }

    /// <summary>Gets whether the relevance probe ran.</summary>
    public required bool Probed { get; init; }

    /// <summary>Gets the probe's result (<see cref="LessonProbeResult.NotRun"/> when it did not run).</summary>
    public required LessonProbeResult Probe { get; init; }

    /// <summary>Gets the choice among the starting candidates; its <see cref="StartingChoice.RolloutsSpent"/> are the
    /// rollouts spent after the probe (the race's and the validations', examples the probe scored not counted again).</summary>
    public required StartingChoice Choice { get; init; }

    /// <summary>Gets the candidate the run starts from.</summary>
    public Candidate Start => Choice.Chosen.Candidate;

    /// <summary>Gets the rollouts the start spent, each evaluated example once: the probe's, the race's and the
    /// validations'. They come off the run's budget.</summary>
    public required int RolloutsSpent { get; init; }

    /// <summary>Gets what the start knows of the chosen candidate on a prefix of the validation set, or
    /// <see langword="null"/> when it never scored it.</summary>
    public PriorEvaluation? StartEvaluation { get; init; }

    /// <summary>Runs the relevance probe, chooses the start among the seed, the lesson-augmented seed and the best
    /// candidates of similar tasks, and says what it cost.</summary>
    /// <param name="options">What to decide from.</param>
    /// <param name="evaluate">Evaluates a candidate on a range of the validation set. Each call's rollouts are counted
    /// in <see cref="RolloutsSpent"/>; pass evaluations with traces to let a report show the start's outputs.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The decision.</returns>
    public static async Task<MemoryStart> DecideAsync(MemoryStartOptions options, ValidationEvaluator evaluate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ValidationCount);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Budget);
        ArgumentOutOfRangeException.ThrowIfNegative(options.RaceExamples);
        var seed = options.Seed;
        var known = new ValidationPrefixes(evaluate);
        // The start may spend its share of what the budget leaves after the chosen start's own validation.
        var room = Math.Max(0, options.Budget - options.ValidationCount);

        // The lessons applied directly, the augmented seed, are a probe candidate even when mode 3 is off. Without mode 1
        // there is nothing for the probe to decide that the race does not.
        var augmented = StartingCandidates.AugmentSeed(seed, options.Lessons);
        var probed = options.Probe && options.LessonsInReflection && !augmented.Equals(seed);
        var probe = LessonProbeResult.NotRun;
        if (probed)
        {
            var size = LessonProbe.SampleSize(options.ValidationCount, room, options.MaxBudgetShare);
            probe = await LessonProbe.RunAsync(seed, augmented, size, known.ScoresAsync, cancellationToken);
        }

        var trusted = !probed || probe.Passed;
        var candidates = new List<StartingCandidate> { new() { Candidate = seed, Origin = StartingCandidate.SeedOrigin } };
        if (options.LessonAugmentedSeed && trusted && !augmented.Equals(seed))
        {
            candidates.Add(new StartingCandidate { Candidate = augmented, Origin = StartingCandidate.AugmentedSeedOrigin });
        }

        candidates.AddRange(options.SimilarTaskCandidates);
        var raceSize = Math.Min(options.RaceExamples, options.ValidationCount);
        var validation = options.ValidationCount;
        var choice = validation == 0
            ? new StartingChoice { Chosen = candidates[0], Considered = candidates }
            : raceSize > 0
                ? await StartingCandidates.ChooseAsync(candidates, validation, room, options.MaxBudgetShare, (c, ct) => MeanAsync(known, c, validation, ct), raceSize, (c, ct) => MeanAsync(known, c, raceSize, ct), cancellationToken)
                : await StartingCandidates.ChooseAsync(candidates, validation, room, options.MaxBudgetShare, (c, ct) => MeanAsync(known, c, validation, ct), cancellationToken);
        var start = choice.Chosen.Candidate;
        choice = new StartingChoice { Chosen = choice.Chosen, Considered = choice.Considered, RolloutsSpent = known.Rollouts - probe.RolloutsSpent };
        return new MemoryStart
        {
            Lessons = options.Lessons,
            ShowLessons = options.LessonsInReflection && trusted && options.Lessons.Values.Any(l => l.Count > 0),
            Probed = probed,
            Probe = probe,
            Choice = choice,
            RolloutsSpent = known.Rollouts,
            StartEvaluation = known.Known(start) is { } batch ? new PriorEvaluation { Candidate = start, Batch = batch } : null,
        };
    }

    private static async Task<double> MeanAsync(ValidationPrefixes known, Candidate candidate, int count, CancellationToken cancellationToken)
    {
        var scores = await known.ScoresAsync(candidate, count, cancellationToken);
        return scores.Count == 0 ? 0 : scores.Average();
    }
}
