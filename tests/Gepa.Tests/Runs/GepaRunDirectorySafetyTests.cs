using Gepa.Simulation;

namespace Gepa.Tests.Runs;

/// <summary>What a run directory refuses rather than overwrites or repairs: someone's folder, a second user at the same
/// time, a journal cut mid-line, a finished run whose state was deleted.</summary>
public sealed class GepaRunDirectorySafetyTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 4, Modules = 1, Train = 8, Val = 4, Test = 2 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-rundir-safety-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GepaRunDirectoryOptions DirectoryOptions() => new() { Fingerprint = new Dictionary<string, string> { ["engine.seed"] = "1" } };

    private async Task<string> FinishedRunAsync()
    {
        var path = Path.Combine(_root, "run");
        using var dir = GepaRunDirectory.Create(path, DirectoryOptions());
        var options = new GepaOptions { Seed = 1, MaxMetricCalls = 40, MinibatchSize = 2, ReflectionRetryDelay = TimeSpan.Zero };
        dir.Attach(options);
        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options);
        await dir.RunAsync(optimizer, World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        return path;
    }

    private static Dictionary<string, byte[]> Files(string path) =>
        Directory.GetFiles(path).Where(f => Path.GetFileName(f) != GepaRunDirectory.LockFileName).ToDictionary(f => f, File.ReadAllBytes);

    private static void AssertUnchanged(Dictionary<string, byte[]> before)
    {
        foreach (var (file, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)), file + " changed");
        }
    }

    [Fact]
    public void Create_FolderWithSomeonesFiles_RefusedAndTheFilesUntouched()
    {
        var folder = Path.Combine(_root, "notes");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), "mine");

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Create(folder, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.NotEmpty, e.Error);
        Assert.Contains("is not empty (summary.json) and holds no run", e.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Single(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Create_EmptyFolder_IsUsed()
    {
        var folder = Path.Combine(_root, "empty");
        Directory.CreateDirectory(folder);

        using var dir = GepaRunDirectory.Create(folder, DirectoryOptions());

        Assert.True(GepaRunDirectory.Exists(folder));
    }

    [Fact]
    public void Create_InsideAFile_RefusedNamingTheFileAndCreatesNothing()
    {
        var file = Path.Combine(_root, "data.jsonl");
        File.WriteAllText(file, "{}");

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Create(Path.Combine(file, "run"), DirectoryOptions()));

        Assert.Contains($"{file} is a file", e.Message, StringComparison.Ordinal);
        Assert.Equal([file], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task Open_WhileAnotherSessionHoldsTheDirectory_RefusedAsLocked_ThenFreeOnceItIsDisposed()
    {
        var path = await FinishedRunAsync();
        var first = GepaRunDirectory.Open(path, DirectoryOptions());
        var before = Files(path);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Locked, e.Error);
        Assert.Contains("is in use by another gepa process", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before);
        first.Dispose();
        using var second = GepaRunDirectory.Open(path, DirectoryOptions());
        Assert.Equal(3, second.Session);
    }

    [Fact]
    public async Task Open_CandidatesCutMidLine_RefusedNamingTheFileAndChangesNothing()
    {
        var path = await FinishedRunAsync();
        var candidates = Path.Combine(path, GepaRunDirectory.CandidatesFileName);
        using (var f = new FileStream(candidates, FileMode.Open, FileAccess.Write))
        {
            f.SetLength(f.Length - 5);
        }

        var before = Files(path);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Damaged, e.Error);
        Assert.StartsWith($"{candidates} was cut", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before);
    }

    [Fact]
    public async Task Open_EditedRecordInsideTheSavedPart_RefusedNamingTheLine()
    {
        var path = await FinishedRunAsync();
        var candidates = Path.Combine(path, GepaRunDirectory.CandidatesFileName);
        var bytes = File.ReadAllBytes(candidates);
        bytes[0] = (byte)'[';
        File.WriteAllBytes(candidates, bytes);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.StartsWith($"{candidates}:1: this line is not a whole JSON record", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_FinishedRunWhoseStateWasDeleted_RefusedRatherThanRestarted()
    {
        var path = await FinishedRunAsync();
        File.Delete(Path.Combine(path, GepaRunDirectory.StateFileName));
        var before = Files(path);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Damaged, e.Error);
        Assert.Contains("state.json is missing, but the run had progressed", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before);
    }

    [Fact]
    public async Task Open_EventsEndInATornLine_CutAndTheResumeEventSaysSo()
    {
        var path = await FinishedRunAsync();
        File.AppendAllText(Path.Combine(path, GepaRunDirectory.EventsFileName), "{\"event\":\"chec");

        using (GepaRunDirectory.Open(path, DirectoryOptions()))
        {
        }

        var lines = File.ReadAllLines(Path.Combine(path, GepaRunDirectory.EventsFileName));
        Assert.DoesNotContain(lines, l => l.EndsWith("chec", StringComparison.Ordinal));
        Assert.Contains("the torn last line of events.jsonl", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_EventLineDamagedInTheMiddle_Refused()
    {
        var path = await FinishedRunAsync();
        var events = Path.Combine(path, GepaRunDirectory.EventsFileName);
        var lines = File.ReadAllLines(events);
        lines[1] = "not json";
        File.WriteAllLines(events, lines);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.StartsWith($"{events}:2: this line is not a whole JSON event", e.Message, StringComparison.Ordinal);
    }
}
