using Microsoft.Data.Sqlite;

namespace Gepa.Memory.Tests;

public sealed class MemoryBankTests
{
    private static readonly HashedEmbeddingGenerator Embedder = new();

    private static Lesson NewLesson(string text, string role = "instructions", long evidence = 1, double gain = 0.1) =>
        new() { Text = text, Role = role, Scope = ["t1"], Evidence = [evidence], Gain = gain };

    [Fact]
    public void Open_NewFile_CreatesSchemaVersion()
    {
        using var dir = new TempDirectory();
        var path = dir.File("memory.db");
        using (MemoryBank.Open(path, Embedder))
        {
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal((long)MemoryConstants.SchemaVersion, command.ExecuteScalar());
    }

    [Fact]
    public async Task Open_ExistingBank_KeepsWhatWasStored()
    {
        using var dir = new TempDirectory();
        var path = dir.File("memory.db");
        using (var bank = MemoryBank.Open(path, Embedder))
        {
            await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin."), TestContext.Current.CancellationToken);
        }

        using var reopened = MemoryBank.Open(path, Embedder);
        Assert.Equal("Report every temperature in kelvin.", Assert.Single(reopened.ListLessons()).Text);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Dispose_OwnsEmbedderOrNot_DisposesItOnlyWhenOwned(bool owns, int disposals)
    {
        using var dir = new TempDirectory();
        var embedder = new FakeEmbeddingGenerator();
        var bank = MemoryBank.Open(dir.File("m.db"), embedder, new MemoryBankOptions { OwnsEmbedder = owns });

        bank.Dispose();
        bank.Dispose();

        Assert.Equal(disposals, embedder.Disposals);
    }

    [Fact]
    public void Open_FailsWhileOwningTheEmbedder_DisposesIt()
    {
        using var dir = new TempDirectory();
        var embedder = new FakeEmbeddingGenerator();
        Directory.CreateDirectory(dir.File("a-directory"));

        Assert.Throws<MemoryBankException>(() => MemoryBank.Open(dir.File("a-directory"), embedder, new MemoryBankOptions { OwnsEmbedder = true }));

        Assert.Equal(1, embedder.Disposals);
    }

    [Fact]
    public void Open_NewerSchema_RefusedNamingFileAndLeftUntouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("memory.db");
        using (MemoryBank.Open(path, Embedder))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99";
            command.ExecuteNonQuery();
        }

        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<MemoryBankException>(() => MemoryBank.Open(path, Embedder));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_CorruptFile_RefusedNamingFileAndLeftUntouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("memory.db");
        var garbage = System.Text.Encoding.UTF8.GetBytes(new string('x', 4096));
        File.WriteAllBytes(path, garbage);

        var e = Assert.Throws<MemoryBankException>(() => MemoryBank.Open(path, Embedder));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_OtherSqliteDatabase_RefusedAsNotAMemoryBank()
    {
        using var dir = new TempDirectory();
        var path = dir.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE users (name TEXT)";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<MemoryBankException>(() => MemoryBank.Open(path, Embedder));
        Assert.Contains("not a memory bank", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileLockedByAnotherConnection_RefusedNamingFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("memory.db");
        using (MemoryBank.Open(path, Embedder))
        {
        }

        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using var lockCommand = holder.CreateCommand();
        lockCommand.CommandText = "BEGIN EXCLUSIVE";
        lockCommand.ExecuteNonQuery();

        var e = Assert.Throws<MemoryBankException>(() => MemoryBank.Open(path, Embedder, new MemoryBankOptions { BusyTimeoutMilliseconds = 50 }));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("locked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLessonAsync_NoEvidence_Dropped()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        var id = await bank.AddLessonAsync(new Lesson { Text = "Report every temperature in kelvin.", Role = "instructions" }, TestContext.Current.CancellationToken);

        Assert.Null(id);
        Assert.Empty(bank.ListLessons());
    }

    [Fact]
    public async Task AddLessonAsync_NearDuplicate_MergedKeepingShorterTextAndSummingEvidence()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        var first = await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin, always.", evidence: 1, gain: 0.2), TestContext.Current.CancellationToken);
        var second = await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin always", evidence: 2, gain: 0.1), TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        var lesson = Assert.Single(bank.ListLessons());
        Assert.Equal("Report every temperature in kelvin always", lesson.Text);
        Assert.Equal([1L, 2L], lesson.Evidence);
        Assert.Equal(0.3, lesson.Gain, 6);
    }

    [Fact]
    public async Task AddLessonAsync_DifferentRole_NotMerged()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);

        await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin.", role: "a"), TestContext.Current.CancellationToken);
        await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin.", role: "b"), TestContext.Current.CancellationToken);

        Assert.Equal(2, bank.ListLessons().Count);
    }

    [Fact]
    public async Task AddLessonAsync_OverTheRoleCap_WeakestDropped()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder, new MemoryBankOptions { MaxLessonsPerRole = 2 });

        await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin.", gain: 0.3), TestContext.Current.CancellationToken);
        await bank.AddLessonAsync(NewLesson("Write all dates in ISO 8601 format.", gain: 0.1), TestContext.Current.CancellationToken);
        await bank.AddLessonAsync(NewLesson("Spell currency codes in upper case letters.", gain: 0.2), TestContext.Current.CancellationToken);

        var texts = bank.ListLessons().Select(l => l.Text).ToList();
        Assert.Equal(["Report every temperature in kelvin.", "Spell currency codes in upper case letters."], texts);
    }

    [Fact]
    public async Task RecordOutcome_HarmfulAboveHelpful_PrunedOtherwiseCounted()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var good = (await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin."), TestContext.Current.CancellationToken))!.Value;
        var bad = (await bank.AddLessonAsync(NewLesson("Write all dates in ISO 8601 format."), TestContext.Current.CancellationToken))!.Value;

        bank.RecordOutcome([good], accepted: true);
        bank.RecordOutcome([good, bad], accepted: false);

        var kept = Assert.Single(bank.ListLessons());
        Assert.Equal(good, kept.Id);
        Assert.Equal(1, kept.Helpful);
        Assert.Equal(1, kept.Harmful);
    }

    [Fact]
    public async Task AddEdit_SecretsInText_NeverStored()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.db");
        var hostKey = "my-private-host-key-0042";
        using (var bank = MemoryBank.Open(path, Embedder, new MemoryBankOptions { Redact = t => t.Replace(hostKey, "***", StringComparison.Ordinal) }))
        {
            bank.AddEdit(new EditRecord
            {
                TaskId = "t",
                RunId = "r",
                Component = "c",
                Diff = "+ use Authorization: Bearer abcdefghijklmnop123",
                Feedback = $"error: invalid key {hostKey}; OPENAI_API_KEY=sk-proj-ABCDEFGHIJKLMNOPQRSTUV api_key: hunter2hunter2",
            });
            await bank.AddLessonAsync(NewLesson("Send the token sk-ant-abcdefghijklmnopqrstu with each call."), TestContext.Current.CancellationToken);
        }

        var bytes = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path));
        Assert.DoesNotContain(hostKey, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj-ABCDEFGHIJKLMNOPQRSTUV", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-abcdefghijklmnopqrstu", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2hunter2", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop123", bytes, StringComparison.Ordinal);
        Assert.Contains("error: invalid key ***", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEdit_LongDiff_CutSayingHowMuchWasLeftOut()
    {
        using var dir = new TempDirectory();
        using var bank = MemoryBank.Open(dir.File("m.db"), Embedder);
        var diff = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"+ line {i:0000} of a very long rewrite"));

        bank.AddEdit(new EditRecord { TaskId = "t", RunId = "r", Component = "c", Diff = diff, Feedback = "" });

        var stored = Assert.Single(bank.ListEdits("t")).Diff;
        Assert.StartsWith(diff[..MemoryConstants.MaxDiffLength], stored, StringComparison.Ordinal);
        Assert.EndsWith($"({diff.Length - MemoryConstants.MaxDiffLength} more characters not kept)", stored, StringComparison.Ordinal);
        Assert.True(stored.Length < MemoryConstants.MaxDiffLength + 60);
    }

    [Fact]
    public async Task SaveTaskProfileAsync_SampleInputs_KeptOnlyWhenAllowed()
    {
        using var dir = new TempDirectory();
        var profile = new TaskProfile { Id = "t", Objective = "Convert units", SeedTexts = { ["instructions"] = "Answer." }, SampleInputs = ["private customer text"] };
        using (var bank = MemoryBank.Open(dir.File("a.db"), Embedder))
        {
            await bank.SaveTaskProfileAsync(profile, TestContext.Current.CancellationToken);
            Assert.Empty(Assert.Single(bank.ListTaskProfiles()).SampleInputs);
        }

        using var allowed = MemoryBank.Open(dir.File("b.db"), Embedder, new MemoryBankOptions { KeepSampleInputs = true });
        await allowed.SaveTaskProfileAsync(profile, TestContext.Current.CancellationToken);
        var stored = Assert.Single(allowed.ListTaskProfiles());
        Assert.Equal(["private customer text"], stored.SampleInputs);
        Assert.Equal(MemoryConstants.HashedDimensions, stored.Embedding.Length);
    }

    [Fact]
    public void Open_OptionOutOfRange_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MemoryBank.Open(dir.File("m.db"), Embedder, new MemoryBankOptions { MaxLessonsPerRole = 0 }));
        Assert.Contains("MaxLessonsPerRole", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.db")));
    }

    [Fact]
    public void DefaultSimilarityFloor_BuiltInEmbeddersAndAModel_WordCountingFloorOnlyForTheBuiltInOnes()
    {
        using var dir = new TempDirectory();
        using var hashed = MemoryBank.Open(dir.File("h.db"), Embedder);
        using var lexical = MemoryBank.Open(dir.File("l.db"), new LexicalEmbeddingGenerator());
        using var model = MemoryBank.Open(dir.File("m.db"), new FakeEmbeddingGenerator());

        Assert.Equal(
            (MemoryConstants.BuiltInSimilarityFloor, MemoryConstants.BuiltInSimilarityFloor, MemoryConstants.SimilarityFloor),
            (hashed.DefaultSimilarityFloor, lexical.DefaultSimilarityFloor, model.DefaultSimilarityFloor));
    }

    [Fact]
    public async Task EmbedAsync_FirstVector_RecordsTheEmbedderNameAndLength()
    {
        using var dir = new TempDirectory();
        using (var bank = MemoryBank.Open(dir.File("m.db"), Embedder))
        {
            Assert.Null(bank.RecordedEmbedderName);
            await bank.AddLessonAsync(NewLesson("Answer with the capital city."), TestContext.Current.CancellationToken);
        }

        using var reopened = MemoryBank.Open(dir.File("m.db"), new FakeEmbeddingGenerator());
        Assert.Equal(MemoryConstants.HashedEmbedderName, reopened.RecordedEmbedderName);
        Assert.Equal(MemoryConstants.HashedDimensions, reopened.RecordedEmbedderDimensions);
    }

    [Fact]
    public async Task EmbedAsync_BankOfAnotherEmbedder_RefusedNamingBothBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        using (var bank = MemoryBank.Open(dir.File("m.db"), Embedder))
        {
            await bank.AddLessonAsync(NewLesson("Answer with the capital city."), TestContext.Current.CancellationToken);
        }

        var other = new FakeEmbeddingGenerator();
        using var reopened = MemoryBank.Open(dir.File("m.db"), other);

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => reopened.EmbedAsync("capital of France", TestContext.Current.CancellationToken));
        Assert.Equal($"{dir.File("m.db")} was built with the embedder hashed ({MemoryConstants.HashedDimensions} dimensions); this run asks for FakeEmbeddingGenerator. Vectors of different embedders cannot be compared: use the bank's embedder, or another bank file.", e.Message);
        Assert.Equal(0, other.Calls);
        Assert.Single(reopened.ListLessons());
    }

    [Fact]
    public async Task EmbedAsync_SameNameOtherLength_Refused()
    {
        using var dir = new TempDirectory();
        using (var bank = MemoryBank.Open(dir.File("m.db"), Embedder))
        {
            await bank.AddLessonAsync(NewLesson("Answer with the capital city."), TestContext.Current.CancellationToken);
        }

        using var reopened = MemoryBank.Open(dir.File("m.db"), new HashedEmbeddingGenerator(64));

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => reopened.EmbedAsync("capital", TestContext.Current.CancellationToken));
        Assert.Contains($"built with the embedder hashed ({MemoryConstants.HashedDimensions} dimensions); this run asks for hashed (64 dimensions)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_OlderBankWithoutARecord_RefusesAnotherLengthAndRecordsAMatchingOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.db");
        await WriteUnrecordedBankAsync(path);

        using (var fake = MemoryBank.Open(path, new FakeEmbeddingGenerator()))
        {
            var e = await Assert.ThrowsAsync<MemoryBankException>(() => fake.EmbedAsync("capital", TestContext.Current.CancellationToken));
            Assert.Contains($"built with an unrecorded embedder ({MemoryConstants.HashedDimensions} dimensions); this run asks for FakeEmbeddingGenerator (6 dimensions)", e.Message, StringComparison.Ordinal);
            Assert.Null(fake.RecordedEmbedderName);
        }

        using var hashed = MemoryBank.Open(path, Embedder);
        await hashed.EmbedAsync("capital", TestContext.Current.CancellationToken);
        Assert.Equal(MemoryConstants.HashedEmbedderName, hashed.RecordedEmbedderName);
    }

    [Fact]
    public async Task OpenWithBuiltInEmbedder_NewBank_RecordsVersion2()
    {
        using var dir = new TempDirectory();
        using (var bank = MemoryBank.OpenWithBuiltInEmbedder(dir.File("m.db")))
        {
            Assert.IsType<LexicalEmbeddingGenerator>(bank.Embedder);
            await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin."), TestContext.Current.CancellationToken);
        }

        using var reopened = MemoryBank.OpenWithBuiltInEmbedder(dir.File("m.db"));
        Assert.Equal(MemoryConstants.LexicalEmbedderName, reopened.RecordedEmbedderName);
        Assert.IsType<LexicalEmbeddingGenerator>(reopened.Embedder);
    }

    [Fact]
    public async Task OpenWithBuiltInEmbedder_Version1Bank_RetrievesAsBeforeWithoutReembedding()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.db");
        var ct = TestContext.Current.CancellationToken;
        using (var bank = MemoryBank.Open(path, Embedder))
        {
            await bank.AddLessonAsync(NewLesson("Report every temperature in kelvin.", gain: 0.2), ct);
            await bank.AddLessonAsync(NewLesson("Give weights in pounds and ounces.", evidence: 2), ct);
            await bank.AddLessonAsync(NewLesson("Write all dates in ISO 8601 form.", evidence: 3), ct);
        }

        var stored = File.ReadAllBytes(path);
        IReadOnlyList<RetrievedLesson> before;
        using (var bank = MemoryBank.Open(path, Embedder))
        {
            before = await new LessonRetriever(bank, new RetrievalOptions { SimilarityFloor = 0.01 }).RetrieveAsync("a temperature reading and a parcel weight", cancellationToken: ct);
        }

        using var reopened = MemoryBank.OpenWithBuiltInEmbedder(path);
        var after = await new LessonRetriever(reopened, new RetrievalOptions { SimilarityFloor = 0.01 }).RetrieveAsync("a temperature reading and a parcel weight", cancellationToken: ct);

        Assert.IsType<HashedEmbeddingGenerator>(reopened.Embedder);
        Assert.Equal(MemoryConstants.HashedEmbedderName, reopened.RecordedEmbedderName);
        Assert.NotEmpty(before);
        Assert.Equal(before.Select(l => (l.Lesson.Id, l.Similarity)), after.Select(l => (l.Lesson.Id, l.Similarity)));
        Assert.Equal(3, reopened.ListLessons().Count);
        Assert.Equal(stored, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task OpenWithBuiltInEmbedder_UnrecordedBankWithVectors_Version1()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.db");
        await WriteUnrecordedBankAsync(path);

        using var reopened = MemoryBank.OpenWithBuiltInEmbedder(path);

        Assert.IsType<HashedEmbeddingGenerator>(reopened.Embedder);
        await reopened.EmbedAsync("capital", TestContext.Current.CancellationToken);
        Assert.Equal(MemoryConstants.HashedEmbedderName, reopened.RecordedEmbedderName);
    }

    [Fact]
    public async Task OpenWithBuiltInEmbedder_BankOfAnotherEmbedder_RefusesToEmbedNamingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.db");
        using (var bank = MemoryBank.Open(path, new FakeEmbeddingGenerator()))
        {
            await bank.AddLessonAsync(NewLesson("Answer with the capital city."), TestContext.Current.CancellationToken);
        }

        using var reopened = MemoryBank.OpenWithBuiltInEmbedder(path);

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => reopened.EmbedAsync("capital", TestContext.Current.CancellationToken));
        Assert.Contains($"was built with the embedder FakeEmbeddingGenerator (6 dimensions); this run asks for {MemoryConstants.LexicalEmbedderName}.", e.Message, StringComparison.Ordinal);
        Assert.Single(reopened.ListLessons());
    }

    /// <summary>Writes a bank with one lesson as a build before the embedder record wrote it: vectors, no record.</summary>
    private static async Task WriteUnrecordedBankAsync(string path)
    {
        using (var bank = MemoryBank.Open(path, Embedder))
        {
            await bank.AddLessonAsync(NewLesson("Answer with the capital city."), TestContext.Current.CancellationToken);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE embedder";
            drop.ExecuteNonQuery();
        }
    }
}
