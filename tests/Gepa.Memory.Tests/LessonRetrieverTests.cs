namespace Gepa.Memory.Tests;

public sealed class LessonRetrieverTests
{
    private static readonly HashedEmbeddingGenerator Embedder = new();

    private static async Task<MemoryBank> BankWith(TempDirectory dir, params (string Text, string Task)[] lessons)
    {
        var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var evidence = 1L;
        foreach (var (text, task) in lessons)
        {
            await bank.AddLessonAsync(new Lesson { Text = text, Role = "instructions", Scope = [task], Evidence = [evidence++], Gain = 0.1 }, TestContext.Current.CancellationToken);
        }

        return bank;
    }

    [Fact]
    public async Task RetrieveAsync_BelowFloor_LeftOut()
    {
        using var dir = new TempDirectory();
        using var bank = await BankWith(dir, ("Report every temperature in kelvin.", "t1"), ("Spell currency codes in upper case.", "t1"));

        var found = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0.35 }).RetrieveAsync("a temperature reading in kelvin", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Report every temperature in kelvin.", Assert.Single(found).Lesson.Text);
    }

    [Fact]
    public async Task RetrieveAsync_NoFloorWithTheBuiltInEmbedder_RetrievesALessonSharingOneWordOfALongDescription()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        using var bank = MemoryBank.Open(dir.File("m.db"), new LexicalEmbeddingGenerator());
        await bank.AddLessonAsync(new Lesson { Text = "Give weights in pounds and ounces.", Role = "instructions", Scope = ["t1"], Evidence = [1], Gain = 0.1 }, ct);

        var byDefault = await new LessonRetriever(bank).RetrieveAsync(ManyConcerns, cancellationToken: ct);
        var atTheModelFloor = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = MemoryConstants.SimilarityFloor }).RetrieveAsync(ManyConcerns, cancellationToken: ct);

        // One shared content word ("weight") in a description of many concerns: a real match for a word-counting
        // embedder, far below the floor meant for embedding models.
        Assert.InRange(Assert.Single(byDefault).Similarity, MemoryConstants.BuiltInSimilarityFloor, MemoryConstants.SimilarityFloor);
        Assert.Empty(atTheModelFloor);
    }

    private const string ManyConcerns = "Reply to customer support cases about a delivery date, a price dispute, an order lookup, kelvin temperature readings, a refund request, a parcel weight, a safety complaint.";

    [Fact]
    public async Task RetrieveAsync_SegmentQuery_FindsALessonOnOneConcernOfALongList()
    {
        using var dir = new TempDirectory();
        using var bank = await BankWith(dir, ("Report every temperature in kelvin.", "t1"), ("Spell currency codes in upper case.", "t1"));

        var whole = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0.35 }).RetrieveAsync(ManyConcerns, cancellationToken: TestContext.Current.CancellationToken);
        var segmented = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0.35, SegmentQuery = true }).RetrieveAsync(ManyConcerns, cancellationToken: TestContext.Current.CancellationToken);

        // The whole list embeds as an average of seven concerns, below the floor; the part naming kelvin is close.
        Assert.Empty(whole);
        var found = Assert.Single(segmented);
        Assert.Equal("Report every temperature in kelvin.", found.Lesson.Text);
        Assert.InRange(found.Similarity, 0.5, 1.0);
    }

    [Fact]
    public void QueryParts_ListAndSentences_SplitIntoPartsOfTwoWordsOrMore()
    {
        Assert.Equal(
            ["Reply about a delivery date", "a price dispute", "Use the seed", "Answer in JSON"],
            LessonRetriever.QueryParts("Reply about a delivery date, a price dispute; refunds.\nUse the seed. Answer in JSON! a price dispute"));
        Assert.Empty(LessonRetriever.QueryParts("Convert units"));
    }

    [Fact]
    public async Task RetrieveAsync_TargetTasksOwnLessons_Excluded()
    {
        using var dir = new TempDirectory();
        using var bank = await BankWith(dir, ("Report every temperature in kelvin.", "t1"));

        var found = await new LessonRetriever(bank).RetrieveAsync("temperature in kelvin", excludeTaskId: "t1", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(found);
    }

    [Fact]
    public async Task RetrieveAsync_HarmfulRecord_RanksBelowCleanLessonOfEqualSimilarity()
    {
        using var dir = new TempDirectory();
        using var bank = await BankWith(dir, ("temperature kelvin report", "t1"), ("kelvin temperature always", "t1"));
        var first = bank.ListLessons().Single(l => l.Text == "temperature kelvin report");
        bank.RecordOutcome([first.Id], accepted: true);
        bank.RecordOutcome([first.Id], accepted: false);
        var second = bank.ListLessons().Single(l => l.Text == "kelvin temperature always");
        bank.RecordOutcome([second.Id], accepted: true);

        var found = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0 }).RetrieveAsync("kelvin temperature", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("kelvin temperature always", found[0].Lesson.Text);
    }

    [Fact]
    public async Task RetrieveAsync_MoreEvidence_RanksAboveLessonOfEqualSimilarity()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        await bank.AddLessonAsync(new Lesson { Text = "temperature kelvin report", Role = "instructions", Scope = ["t1"], Evidence = [1], Gain = 0.1 }, ct);
        await bank.AddLessonAsync(new Lesson { Text = "kelvin temperature always", Role = "instructions", Scope = ["t1", "t2", "t3"], Evidence = [2, 3, 4], Gain = 1.2 }, ct);

        var found = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0 }).RetrieveAsync("kelvin temperature", cancellationToken: ct);

        Assert.Equal("kelvin temperature always", found[0].Lesson.Text);
        Assert.True(found[0].Score > found[1].Score);
    }

    [Fact]
    public async Task RetrieveAsync_TokenCap_StopsAddingLessons()
    {
        using var dir = new TempDirectory();
        using var bank = await BankWith(dir, ("Report every temperature in kelvin units.", "t1"), ("Report every temperature rounded to kelvin.", "t2"));

        var found = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0, TokenCap = 12 }).RetrieveAsync("temperature kelvin", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Single(found);
    }

    [Fact]
    public async Task RetrieveAsync_WithLogDirectory_AppendsALineToMemoryJsonl()
    {
        using var dir = new TempDirectory();
        using var bank = await BankWith(dir, ("Report every temperature in kelvin.", "t1"));
        var run = Path.Combine(dir.Path, "run");

        var retriever = new LessonRetriever(bank);
        await retriever.RetrieveAsync("temperature in kelvin", role: "instructions", excludeTaskId: "t2", logDirectory: run, cancellationToken: TestContext.Current.CancellationToken);
        await retriever.RetrieveAsync("dates", logDirectory: run, cancellationToken: TestContext.Current.CancellationToken);

        var lines = File.ReadAllLines(Path.Combine(run, LessonRetriever.LogFileName));
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"lessons\":[1]", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"lessons\":[]", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void FormatForPrompt_Lessons_ShowIdsToCite()
    {
        var text = LessonRetriever.FormatForPrompt([new RetrievedLesson { Lesson = new Lesson { Id = 12, Text = "Use kelvin." } }]);

        Assert.Contains("[L12] Use kelvin.", text, StringComparison.Ordinal);
        Assert.Contains("Used lessons", text, StringComparison.Ordinal);
        Assert.Equal("", LessonRetriever.FormatForPrompt([]));
    }
}
