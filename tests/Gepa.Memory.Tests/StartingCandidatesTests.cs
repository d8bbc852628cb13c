namespace Gepa.Memory.Tests;

public sealed class StartingCandidatesTests
{
    private static readonly HashedEmbeddingGenerator Embedder = new();

    private static StartingCandidate Start(string text, string origin) => new() { Candidate = Candidate.FromText("instructions", text), Origin = origin };

    private static RetrievedLesson Retrieved(string text) => new() { Lesson = new Lesson { Id = 7, Text = text } };

    [Fact]
    public void AugmentSeed_LessonsForAComponent_AppendedAsBulletsWithoutIds()
    {
        var seed = new Candidate([new("a", "Answer."), new("b", "Plan.")]);

        var augmented = StartingCandidates.AugmentSeed(seed, new Dictionary<string, IReadOnlyList<RetrievedLesson>> { ["a"] = [Retrieved("Use kelvin.")] });

        Assert.Equal("Answer.\n\n- Use kelvin.", augmented["a"]);
        Assert.Equal("Plan.", augmented["b"]);
        Assert.DoesNotContain("L7", augmented["a"], StringComparison.Ordinal);
    }

    [Fact]
    public void AugmentSeed_NoLessons_ReturnsTheSeed()
    {
        var seed = Candidate.FromText("a", "Answer.");

        Assert.Same(seed, StartingCandidates.AugmentSeed(seed, new Dictionary<string, IReadOnlyList<RetrievedLesson>> { ["a"] = [] }));
    }

    [Fact]
    public async Task ChooseAsync_BetterCandidate_ChosenAndRolloutsCounted()
    {
        var scores = new Dictionary<string, double> { ["seed"] = 0.2, ["other"] = 0.6, ["third"] = 0.4 };
        var calls = 0;

        var choice = await StartingCandidates.ChooseAsync(
            [Start("seed", "seed"), Start("other", "task:x"), Start("third", "task:y")],
            rolloutsPerCandidate: 10,
            budget: 200,
            maxBudgetShare: 0.2,
            (c, _) => { calls++; return Task.FromResult(scores[c["instructions"]]); },
            TestContext.Current.CancellationToken);

        Assert.Equal("task:x", choice.Chosen.Origin);
        Assert.Equal(3, calls);
        Assert.Equal(30, choice.RolloutsSpent);
    }

    [Fact]
    public async Task ChooseAsync_Cap_ScoresOnlyWhatFitsSeedFirst()
    {
        var scored = new List<string>();

        var choice = await StartingCandidates.ChooseAsync(
            [Start("seed", "seed"), Start("a", "task:a"), Start("b", "task:b")],
            rolloutsPerCandidate: 10,
            budget: 100,
            maxBudgetShare: 0.2,
            (c, _) => { scored.Add(c["instructions"]); return Task.FromResult(0.5); },
            TestContext.Current.CancellationToken);

        Assert.Equal(["seed", "a"], scored);
        Assert.Equal(20, choice.RolloutsSpent);
        Assert.Equal("seed", choice.Chosen.Origin);
        Assert.Null(choice.Considered[2].Score);
    }

    [Fact]
    public async Task ChooseAsync_CapBelowTwoScorings_SeedUnscoredNothingSpent()
    {
        var choice = await StartingCandidates.ChooseAsync(
            [Start("seed", "seed"), Start("a", "task:a")],
            rolloutsPerCandidate: 10,
            budget: 100,
            maxBudgetShare: 0.1,
            (_, _) => throw new InvalidOperationException("must not score"),
            TestContext.Current.CancellationToken);

        Assert.Equal(0, choice.RolloutsSpent);
        Assert.Equal("seed", choice.Chosen.Origin);
    }

    [Fact]
    public async Task ChooseAsync_CopyOfTheSeed_NotScoredTwice()
    {
        var calls = 0;

        var choice = await StartingCandidates.ChooseAsync(
            [Start("same", "seed"), Start("same", "task:a")],
            rolloutsPerCandidate: 10,
            budget: 1000,
            maxBudgetShare: 1,
            (_, _) => { calls++; return Task.FromResult(1.0); },
            TestContext.Current.CancellationToken);

        Assert.Equal(0, calls);
        Assert.Equal("seed", choice.Chosen.Origin);
    }

    [Fact]
    public async Task FromSimilarTasks_SimilarTaskWithSameComponents_OfferedBestFirstOwnTaskAndOtherShapesLeftOut()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var ct = TestContext.Current.CancellationToken;
        foreach (var (id, objective) in new[] { ("units", "convert temperature units kelvin"), ("units2", "convert temperature units celsius kelvin"), ("poems", "write a sonnet about love") })
        {
            await bank.SaveTaskProfileAsync(new TaskProfile { Id = id, Objective = objective, SeedTexts = new() { ["instructions"] = id == "poems" ? "Rhyme." : "Answer." } }, ct);
        }

        bank.SaveBestCandidate(new BestCandidateRecord { TaskId = "units", RunId = "units/r1", Components = new() { ["instructions"] = "weak" }, ValScore = 0.3 });
        bank.SaveBestCandidate(new BestCandidateRecord { TaskId = "units", RunId = "units/r2", Components = new() { ["instructions"] = "strong" }, ValScore = 0.8 });
        bank.SaveBestCandidate(new BestCandidateRecord { TaskId = "units2", RunId = "units2/r1", Components = new() { ["other"] = "wrong shape" }, ValScore = 0.9 });
        bank.SaveBestCandidate(new BestCandidateRecord { TaskId = "poems", RunId = "poems/r1", Components = new() { ["instructions"] = "rhyme" }, ValScore = 0.9 });
        var query = await bank.EmbedAsync("convert temperature units kelvin\ninstructions\nAnswer.", ct);

        // At the model floor the poem task is below it; the built-in embedder's own floor (0.05) would let it in through
        // the one word every profile shares (the component's name), and the raced start would then reject it.
        var found = StartingCandidates.FromSimilarTasks(bank, query, ["instructions"], "units2", new StartingCandidateOptions { TaskSimilarityFloor = MemoryConstants.SimilarityFloor });
        var byDefault = StartingCandidates.FromSimilarTasks(bank, query, ["instructions"], "units2", new StartingCandidateOptions());

        Assert.Equal(["task:units", "task:poems"], byDefault.Select(c => c.Origin));
        var only = Assert.Single(found);
        Assert.Equal("task:units", only.Origin);
        Assert.Equal("strong", only.Candidate["instructions"]);
    }

    [Fact]
    public void Options_OutOfRange_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new StartingCandidateOptions { MaxBudgetShare = 1.5 }.Validate());

        Assert.Contains("MaxBudgetShare", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChooseAsync_RaceCandidateNotAboveSeed_SeedUnscoredRaceSpent()
    {
        var raced = new List<string>();

        var choice = await StartingCandidates.ChooseAsync(
            [Start("seed", "seed"), Start("augmented", StartingCandidate.AugmentedSeedOrigin)],
            rolloutsPerCandidate: 30,
            budget: 500,
            maxBudgetShare: 0.2,
            (_, _) => throw new InvalidOperationException("must not validate"),
            raceRollouts: 3,
            (c, _) => { raced.Add(c["instructions"]); return Task.FromResult(0.5); },
            TestContext.Current.CancellationToken);

        Assert.Equal(["seed", "augmented"], raced);
        Assert.Equal("seed", choice.Chosen.Origin);
        Assert.Equal(6, choice.RolloutsSpent);
        Assert.All(choice.Considered, c => Assert.Null(c.Score));
    }

    [Fact]
    public async Task ChooseAsync_RaceWinner_ValidatedWithSeedAndChosenOnValidation()
    {
        var race = new Dictionary<string, double> { ["seed"] = 0.2, ["a"] = 0.6, ["b"] = 0.1 };
        var validation = new Dictionary<string, double> { ["seed"] = 0.3, ["a"] = 0.5 };
        var validated = new List<string>();

        var choice = await StartingCandidates.ChooseAsync(
            [Start("seed", "seed"), Start("a", "task:a"), Start("b", "task:b")],
            rolloutsPerCandidate: 30,
            budget: 500,
            maxBudgetShare: 0.2,
            (c, _) => { validated.Add(c["instructions"]); return Task.FromResult(validation[c["instructions"]]); },
            raceRollouts: 3,
            (c, _) => Task.FromResult(race[c["instructions"]]),
            TestContext.Current.CancellationToken);

        Assert.Equal(["seed", "a"], validated);
        Assert.Equal("task:a", choice.Chosen.Origin);
        Assert.Equal(9 + 60, choice.RolloutsSpent);
    }

    [Fact]
    public async Task ChooseAsync_RaceCapBelowRaceAndTwoValidations_NothingSpent()
    {
        var choice = await StartingCandidates.ChooseAsync(
            [Start("seed", "seed"), Start("a", "task:a")],
            rolloutsPerCandidate: 30,
            budget: 300,
            maxBudgetShare: 0.2,
            (_, _) => throw new InvalidOperationException("must not validate"),
            raceRollouts: 3,
            (_, _) => throw new InvalidOperationException("must not race"),
            TestContext.Current.CancellationToken);

        Assert.Equal(0, choice.RolloutsSpent);
        Assert.Equal("seed", choice.Chosen.Origin);
    }
}
