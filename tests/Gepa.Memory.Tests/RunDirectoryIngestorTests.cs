namespace Gepa.Memory.Tests;

public sealed class RunDirectoryIngestorTests
{
    private static readonly HashedEmbeddingGenerator Embedder = new();

    [Fact]
    public async Task IngestAsync_FinishedRun_StoresEveryEditAndTheBest()
    {
        using var dir = new TempDirectory();
        var run = FakeRunDirectory.Write(dir.Path, "run1");
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        var result = await RunDirectoryIngestor.IngestAsync(bank, run, "t1", "Convert units and dates", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4, result.Edits);
        var edits = bank.ListEdits("t1");
        Assert.Equal([true, false, true, true], edits.Select(e => e.Accepted));
        Assert.Equal(0.3, edits[0].ValDelta!.Value, 6);
        Assert.Contains("+ " + FakeRunDirectory.Kelvin, edits[0].Diff, StringComparison.Ordinal);
        Assert.Contains("expected kelvin", edits[0].Feedback, StringComparison.Ordinal);
        var best = Assert.Single(bank.ListBestCandidates("t1"));
        Assert.Contains(FakeRunDirectory.Iso, best.Components["instructions"], StringComparison.Ordinal);
        Assert.Equal(0.7, best.ValScore, 6);
        Assert.Equal(0.65, best.TestScore);
        Assert.Equal("Convert units and dates", Assert.Single(bank.ListTaskProfiles()).Objective);
    }

    [Fact]
    public async Task IngestAsync_LessonsAreLinesAddedOnTheBestLineageWeightedByGain()
    {
        using var dir = new TempDirectory();
        var run = FakeRunDirectory.Write(dir.Path, "run1");
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        await RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken);

        var lessons = bank.ListLessons().ToDictionary(l => l.Text, l => l.Gain);
        Assert.Equal(2, lessons.Count);
        Assert.Equal(0.3, lessons[FakeRunDirectory.Kelvin], 6);
        Assert.Equal(0.2, lessons[FakeRunDirectory.Iso], 6);
        Assert.DoesNotContain(FakeRunDirectory.Polite, lessons.Keys);
        Assert.DoesNotContain(FakeRunDirectory.SideBranch, lessons.Keys);
    }

    [Fact]
    public async Task IngestAsync_SeedLineDroppedThenRestored_NotALesson()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run1");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "run.json"), """{"formatVersion":1}""");
        File.WriteAllText(Path.Combine(run, "summary.json"), """{"formatVersion":1,"status":"completed","bestCandidate":2,"bestScore":0.7,"rollouts":60}""");
        File.WriteAllText(Path.Combine(run, "candidates.jsonl"),
            "{\"id\":0,\"kind\":\"seed\",\"iteration\":0,\"decision\":\"accepted\",\"parents\":[],\"candidateIndex\":0,\"texts\":{\"instructions\":\"Answer the question fully.\"},\"valScore\":0.2,\"rollouts\":0}\n" +
            "{\"id\":1,\"kind\":\"mutation\",\"iteration\":1,\"decision\":\"accepted\",\"parents\":[0],\"candidateIndex\":1,\"components\":[\"instructions\"],\"texts\":{\"instructions\":\"Report every temperature in kelvin.\"},\"valScore\":0.4,\"rollouts\":20}\n" +
            "{\"id\":2,\"kind\":\"mutation\",\"iteration\":2,\"decision\":\"accepted\",\"parents\":[1],\"candidateIndex\":2,\"components\":[\"instructions\"],\"texts\":{\"instructions\":\"Answer the question fully.\\nReport every temperature in kelvin.\"},\"valScore\":0.7,\"rollouts\":40}\n");
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        await RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["Report every temperature in kelvin."], bank.ListLessons().Select(l => l.Text));
    }

    [Fact]
    public async Task IngestAsync_RealRunDirectory_SeedLinesAreNoLessons()
    {
        // The engine's journal records the seed without its texts; the ingestor must find them in the saved state, or the
        // first edit diffs against nothing and the seed's own instruction becomes a lesson for every other task.
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var world = new Gepa.Simulation.RuleWorld(new Gepa.Simulation.RuleWorldOptions { Rules = 12, Val = 20 });
        using var taskModel = new Gepa.Simulation.RuleWorldTaskChatClient(world);
        using var reflection = new Gepa.Simulation.RuleWorldReflectionChatClient(world);
        var options = new GepaOptions { MaxMetricCalls = 300, Seed = 1 };
        var optimizer = new GepaOptimizer<Gepa.Simulation.RuleWorldExample>(new Gepa.Simulation.RuleWorldAdapter(world, taskModel), reflection, options);
        var runDir = dir.File("run");
        using (var directory = GepaRunDirectory.Create(runDir))
        {
            directory.Attach(options);
            await directory.RunAsync(optimizer, world.SeedCandidate(), world.Trainset, world.Valset, ct);
        }

        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        await RunDirectoryIngestor.IngestAsync(bank, runDir, "t1", cancellationToken: ct);

        var lessons = bank.ListLessons();
        Assert.NotEmpty(lessons);
        Assert.DoesNotContain(Gepa.Simulation.RuleWorld.BaseInstruction, lessons.Select(l => l.Text));
        Assert.Equal(Gepa.Simulation.RuleWorld.BaseInstruction, Assert.Single(bank.ListTaskProfiles()).SeedTexts["system_prompt"]);
    }

    [Fact]
    public async Task IngestAsync_SeedWithoutTextsAndNoState_RefusedNamingTheState()
    {
        using var dir = new TempDirectory();
        var run = Path.Combine(dir.Path, "run1");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "run.json"), """{"formatVersion":1}""");
        File.WriteAllText(Path.Combine(run, "candidates.jsonl"),
            "{\"id\":0,\"kind\":\"seed\",\"iteration\":0,\"decision\":\"accepted\",\"parents\":[],\"candidateIndex\":0,\"valScore\":0.2,\"rollouts\":0}\n" +
            "{\"id\":1,\"kind\":\"mutation\",\"iteration\":1,\"decision\":\"accepted\",\"parents\":[0],\"candidateIndex\":1,\"components\":[\"instructions\"],\"texts\":{\"instructions\":\"Answer the question fully.\\nReport every temperature in kelvin.\"},\"valScore\":0.4,\"rollouts\":20}\n");
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("state.json", e.Message, StringComparison.Ordinal);
        Assert.Empty(bank.ListLessons());
        Assert.Empty(bank.ListTaskProfiles());
    }

    [Fact]
    public async Task IngestAsync_SameRunTwice_AddsNothingTheSecondTime()
    {
        using var dir = new TempDirectory();
        var run = FakeRunDirectory.Write(dir.Path, "run1");
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        await RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken);
        var again = await RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(again.AlreadyIngested);
        Assert.Equal(4, bank.ListEdits().Count);
    }

    [Fact]
    public async Task IngestAsync_KeyInFeedback_NotInTheBank()
    {
        using var dir = new TempDirectory();
        var run = FakeRunDirectory.Write(dir.Path, "run1");
        var path = dir.File("m.db");
        using (var bank = MemoryBank.Open(path, Embedder))
        {
            await RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(FakeRunDirectory.LeakedKey, System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_NotARunDirectory_RefusedNamingIt()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => RunDirectoryIngestor.IngestAsync(bank, dir.Path, "t1", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_ReplyCitingLessons_UpdatesTheirCounters()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var first = await RunDirectoryIngestor.IngestAsync(bank, FakeRunDirectory.Write(dir.Path, "run1"), "t1", cancellationToken: TestContext.Current.CancellationToken);
        var kelvin = bank.ListLessons().Single(l => l.Text == FakeRunDirectory.Kelvin).Id;
        var second = FakeRunDirectory.Write(dir.Path, "run2");
        var lines = File.ReadAllLines(Path.Combine(second, "candidates.jsonl"));
        lines[1] = lines[1][..^1] + $",\"rawReplies\":{{\"instructions\":\"```\\nx\\n```\\nUsed lessons: L{kelvin}\"}}}}";
        File.WriteAllLines(Path.Combine(second, "candidates.jsonl"), lines);

        var result = await RunDirectoryIngestor.IngestAsync(bank, second, "t2", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.CitedLessons);
        Assert.Equal(1, bank.GetLesson(kelvin)!.Helpful);
        Assert.NotEmpty(first.Lessons);
    }
}
