namespace Gepa.Memory.Tests;

public sealed class MemoryTransferTests
{
    private static readonly HashedEmbeddingGenerator Embedder = new();

    [Fact]
    public async Task ExportThenImport_AnotherBank_GetsLessonsTasksAndBest()
    {
        using var dir = new TempDirectory();
        var run = FakeRunDirectory.Write(dir.Path, "run1");
        using (var source = MemoryBank.Open(dir.File("a.db"), Embedder))
        {
            await RunDirectoryIngestor.IngestAsync(source, run, "t1", cancellationToken: TestContext.Current.CancellationToken);
            MemoryTransfer.Export(source, dir.File("export.json"));
        }

        using var target = MemoryBank.Open(dir.File("b.db"), Embedder);
        var imported = await MemoryTransfer.ImportAsync(target, dir.File("export.json"), TestContext.Current.CancellationToken);

        Assert.Equal(2, imported.Lessons.Count);
        Assert.Equal(2, target.ListLessons().Count);
        Assert.All(target.ListLessons(), l => Assert.Equal(MemoryConstants.HashedDimensions, l.Embedding.Length));
        Assert.Single(target.ListTaskProfiles());
        Assert.Single(target.ListBestCandidates());
        Assert.DoesNotContain("embedding", File.ReadAllText(dir.File("export.json")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ImportAsync_TwiceTheSameFile_MergesInsteadOfDuplicating()
    {
        using var dir = new TempDirectory();
        var run = FakeRunDirectory.Write(dir.Path, "run1");
        using var bank = MemoryBank.Open(dir.File("a.db"), Embedder);
        await RunDirectoryIngestor.IngestAsync(bank, run, "t1", cancellationToken: TestContext.Current.CancellationToken);
        MemoryTransfer.Export(bank, dir.File("export.json"));

        await MemoryTransfer.ImportAsync(bank, dir.File("export.json"), TestContext.Current.CancellationToken);

        Assert.Equal(2, bank.ListLessons().Count);
    }

    [Fact]
    public async Task ImportAsync_NotAnExport_RefusedNamingFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.json"), "{ not json");
        using var bank = MemoryBank.Open(dir.File("a.db"), Embedder);

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => MemoryTransfer.ImportAsync(bank, dir.File("bad.json"), TestContext.Current.CancellationToken));

        Assert.Contains(dir.File("bad.json"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_NewerFormat_Refused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("new.json"), """{"formatVersion": 9}""");
        using var bank = MemoryBank.Open(dir.File("a.db"), Embedder);

        var e = await Assert.ThrowsAsync<MemoryBankException>(() => MemoryTransfer.ImportAsync(bank, dir.File("new.json"), TestContext.Current.CancellationToken));

        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }
}
