using Microsoft.Extensions.AI;

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

    [Theory]
    [InlineData(1)] // the task profile
    [InlineData(2)] // the first lesson
    [InlineData(3)] // the last lesson
    public async Task IngestAsync_EmbedderFailsMidway_BankUnchangedAndAReIngestSucceeds(int failingCall)
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var embedder = new FailingEmbeddingGenerator(Embedder);
        using var bank = MemoryBank.Open(dir.File("m.db"), embedder);
        using var reference = MemoryBank.Open(dir.File("reference.db"), new FailingEmbeddingGenerator(Embedder));
        await RunDirectoryIngestor.IngestAsync(bank, FakeRunDirectory.Write(dir.Path, "run1"), "t1", cancellationToken: ct);
        await RunDirectoryIngestor.IngestAsync(reference, Path.Combine(dir.Path, "run1"), "t1", cancellationToken: ct);
        var second = CitingRun(dir.Path, "run2", bank.ListLessons().Single(l => l.Text == FakeRunDirectory.Kelvin).Id);
        var before = Dump(bank);

        // The second run's lessons are the first's: storing them would merge into (and change) the stored ones, and its
        // citation would change a counter, so an ingestion cut short must undo updates as well as inserts.
        embedder.FailOnCall = embedder.Calls + failingCall;
        await Assert.ThrowsAsync<HttpRequestException>(() => RunDirectoryIngestor.IngestAsync(bank, second, "t2", "Second task", ct));

        Assert.Equal(before, Dump(bank));
        Assert.False(bank.HasRun("t2/run2"));
        embedder.FailOnCall = int.MaxValue;
        var again = await RunDirectoryIngestor.IngestAsync(bank, second, "t2", "Second task", ct);
        var expected = await RunDirectoryIngestor.IngestAsync(reference, second, "t2", "Second task", ct);
        Assert.False(again.AlreadyIngested);
        Assert.Equal((expected.Edits, string.Join(",", expected.Lessons), expected.CitedLessons), (again.Edits, string.Join(",", again.Lessons), again.CitedLessons));
        Assert.Equal(Dump(reference), Dump(bank));
        Assert.Equal(1, bank.ListLessons().Single(l => l.Text == FakeRunDirectory.Kelvin).Helpful);
    }

    [Fact]
    public async Task IngestAsync_EmbedderFailsOnAnEmptyBank_RecordsNoEmbedder()
    {
        using var dir = new TempDirectory();
        var embedder = new FailingEmbeddingGenerator(Embedder) { FailOnCall = 2 };
        using var bank = MemoryBank.Open(dir.File("m.db"), embedder);

        await Assert.ThrowsAsync<HttpRequestException>(() => RunDirectoryIngestor.IngestAsync(bank, FakeRunDirectory.Write(dir.Path, "run1"), "t1", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Null(bank.RecordedEmbedderName);
        Assert.Empty(bank.ListTaskProfiles());
        embedder.FailOnCall = int.MaxValue;
        await RunDirectoryIngestor.IngestAsync(bank, Path.Combine(dir.Path, "run1"), "t1", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(MemoryConstants.HashedEmbedderName, bank.RecordedEmbedderName);
    }

    private static string CitingRun(string root, string name, long lessonId)
    {
        var run = FakeRunDirectory.Write(root, name);
        var lines = File.ReadAllLines(Path.Combine(run, "candidates.jsonl"));
        lines[1] = lines[1][..^1] + $",\"rawReplies\":{{\"instructions\":\"```\\nx\\n```\\nUsed lessons: L{lessonId}\"}}}}";
        File.WriteAllLines(Path.Combine(run, "candidates.jsonl"), lines);
        return run;
    }

    /// <summary>Everything a bank holds that ingestion writes, timestamps aside.</summary>
    private static string Dump(MemoryBank bank) => string.Join(
        "\n",
        [
            $"embedder {bank.RecordedEmbedderName} {bank.RecordedEmbedderDimensions}",
            .. bank.ListTaskProfiles().Select(t => $"task {t.Id} {t.Objective} {string.Join(",", t.SeedTexts)} {string.Join(",", t.Embedding)}"),
            .. bank.ListEdits().Select(e => $"edit {e.Id} {e.TaskId} {e.RunId} {e.Iteration} {e.Component} {e.Accepted} {e.ValDelta} {e.Diff} {e.Feedback}"),
            .. bank.ListLessons().Select(l => $"lesson {l.Id} {l.Text} {l.Role} {string.Join(",", l.Scope)} {string.Join(",", l.Evidence)} {l.Gain} {l.Helpful} {l.Harmful}"),
            .. bank.ListBestCandidates().Select(b => $"best {b.TaskId} {b.RunId} {b.ValScore} {b.TestScore} {b.Rollouts} {string.Join(",", b.Components)}"),
            $"runs {bank.HasRun("t1/run1")} {bank.HasRun("t2/run2")}",
        ]);

    /// <summary>The hashed embedder, made to fail (as a remote one would, with HTTP 503) on one call.</summary>
    private sealed class FailingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public int Calls { get; private set; }

        public int FailOnCall { get; set; } = int.MaxValue;

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            ++Calls == FailOnCall
                ? throw new HttpRequestException("injected", null, System.Net.HttpStatusCode.ServiceUnavailable)
                : base.GenerateAsync(values, options, cancellationToken);
    }
}
