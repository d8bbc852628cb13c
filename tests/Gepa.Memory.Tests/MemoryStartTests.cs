namespace Gepa.Memory.Tests;

public sealed class MemoryStartTests
{
    private const string Component = "instructions";
    private static readonly Candidate Seed = Candidate.FromText(Component, "Answer.");
    private static readonly Candidate Other = Candidate.FromText(Component, "Answer briefly.");

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<RetrievedLesson>> OneLesson = new Dictionary<string, IReadOnlyList<RetrievedLesson>>
    {
        [Component] = [new RetrievedLesson { Lesson = new Lesson { Id = 1, Text = "Use kelvin.", Role = Component, Scope = ["a"], Evidence = [1], Gain = 0.1 }, Similarity = 0.9 }],
    };

    private static readonly Candidate Augmented = StartingCandidates.AugmentSeed(Seed, OneLesson);

    /// <summary>Scores validation example i of a candidate by a rule, and records every range asked for.</summary>
    private sealed class Evaluator(Func<Candidate, int, double> score)
    {
        public List<(Candidate Candidate, int First, int Count)> Calls { get; } = [];

        public Task<EvaluationBatch> EvaluateAsync(Candidate candidate, int first, int count, CancellationToken cancellationToken)
        {
            Calls.Add((candidate, first, count));
            return Task.FromResult(new EvaluationBatch(
                [.. Enumerable.Range(first, count).Select(i => score(candidate, i))],
                [.. Enumerable.Range(first, count).Select(i => (object?)$"out{i}")]));
        }
    }

    private static MemoryStartOptions Options(bool probe = true, bool augmentedSeed = true, int race = 3, IReadOnlyList<StartingCandidate>? similar = null) => new()
    {
        Seed = Seed,
        Lessons = OneLesson,
        LessonsInReflection = true,
        LessonAugmentedSeed = augmentedSeed,
        SimilarTaskCandidates = similar ?? [],
        Probe = probe,
        RaceExamples = race,
        ValidationCount = 20,
        Budget = 400,
        MaxBudgetShare = 0.2,
    };

    [Fact]
    public async Task DecideAsync_ProbeFails_SeedStartsWithItsProbeScoresKnownAndOnlyTheProbeSpent()
    {
        var evaluator = new Evaluator((_, i) => i % 2); // lessons that apply to no example: the augmented seed ties

        var start = await MemoryStart.DecideAsync(Options(), evaluator.EvaluateAsync, TestContext.Current.CancellationToken);

        Assert.True(start.Probed);
        Assert.False(start.Probe.Passed);
        Assert.False(start.ShowLessons);
        Assert.Equal(Seed, start.Start);
        Assert.Equal([(Seed, 0, 11), (Augmented, 0, 11)], evaluator.Calls);
        Assert.Equal(22, start.RolloutsSpent);
        Assert.Equal(0, start.Choice.RolloutsSpent);
        Assert.Equal(Seed, start.StartEvaluation!.Candidate);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (double)(i % 2)), start.StartEvaluation.Batch.Scores);
        Assert.Equal("out10", start.StartEvaluation.Batch.Outputs[10]);
    }

    [Fact]
    public async Task DecideAsync_ProbePassesAndAugmentedWins_NoExampleScoredTwiceAndItsWholeValidationKnown()
    {
        var evaluator = new Evaluator((c, _) => c.Equals(Augmented) ? 0.9 : 0.5);

        var start = await MemoryStart.DecideAsync(Options(), evaluator.EvaluateAsync, TestContext.Current.CancellationToken);

        // The race reads the probe's first 3; the validations evaluate only examples 11 to 19.
        Assert.True(start.ShowLessons);
        Assert.Equal(Augmented, start.Start);
        Assert.Equal([(Seed, 0, 11), (Augmented, 0, 11), (Seed, 11, 9), (Augmented, 11, 9)], evaluator.Calls);
        Assert.Equal(40, start.RolloutsSpent);
        Assert.Equal(18, start.Choice.RolloutsSpent);
        Assert.Equal(Enumerable.Repeat(0.9, 20), start.StartEvaluation!.Batch.Scores);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (object?)$"out{i}"), start.StartEvaluation.Batch.Outputs);
    }

    [Fact]
    public async Task DecideAsync_SimilarTaskCandidateWins_RacedFreshThenValidatedOnTheRest()
    {
        var similar = new StartingCandidate { Candidate = Other, Origin = "task:b", Similarity = 0.8 };
        var evaluator = new Evaluator((c, _) => c.Equals(Other) ? 1 : 0.5);

        var start = await MemoryStart.DecideAsync(Options(probe: false, augmentedSeed: false, similar: [similar]), evaluator.EvaluateAsync, TestContext.Current.CancellationToken);

        Assert.False(start.Probed);
        Assert.Equal(Other, start.Start);
        Assert.Equal([(Seed, 0, 3), (Other, 0, 3), (Seed, 3, 17), (Other, 3, 17)], evaluator.Calls);
        Assert.Equal(40, start.RolloutsSpent);
        Assert.Equal(20, start.StartEvaluation!.Batch.Count);
    }

    [Fact]
    public async Task DecideAsync_NoRace_EveryCandidateValidatedOnce()
    {
        var evaluator = new Evaluator((c, _) => c.Equals(Augmented) ? 0.9 : 0.5);

        var start = await MemoryStart.DecideAsync(Options(probe: false, race: 0), evaluator.EvaluateAsync, TestContext.Current.CancellationToken);

        Assert.Equal([(Seed, 0, 20), (Augmented, 0, 20)], evaluator.Calls);
        Assert.Equal(40, start.RolloutsSpent);
        Assert.Equal(Augmented, start.Start);
    }

    [Fact]
    public async Task DecideAsync_NothingToDecide_NothingEvaluatedAndNothingKnown()
    {
        var evaluator = new Evaluator((_, _) => 1);
        var options = new MemoryStartOptions { Seed = Seed, LessonsInReflection = true, LessonAugmentedSeed = true, Probe = true, RaceExamples = 3, ValidationCount = 20, Budget = 400 };

        var start = await MemoryStart.DecideAsync(options, evaluator.EvaluateAsync, TestContext.Current.CancellationToken);

        Assert.Empty(evaluator.Calls);
        Assert.Equal(Seed, start.Start);
        Assert.Equal(0, start.RolloutsSpent);
        Assert.Null(start.StartEvaluation);
        Assert.False(start.ShowLessons);
    }

    [Fact]
    public async Task DecideAsync_EvaluatorReturnsTooFew_Throws()
    {
        static Task<EvaluationBatch> Short(Candidate c, int first, int count, CancellationToken ct) => Task.FromResult(new EvaluationBatch([1.0]));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MemoryStart.DecideAsync(Options(), Short, TestContext.Current.CancellationToken));

        Assert.Contains("examples 0 to 10", e.Message, StringComparison.Ordinal);
    }
}
