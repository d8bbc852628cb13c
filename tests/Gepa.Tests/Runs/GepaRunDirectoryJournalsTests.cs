using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Simulation;

namespace Gepa.Tests.Runs;

/// <summary>The append-only checkpoint journals (<c>pool.jsonl</c>, <c>cache.jsonl</c>, <c>observed.jsonl</c>) on
/// RuleWorld runs (simulated, deterministic): the state they rebuild is the engine's, a kill at any point resumes to the
/// same run, damage is refused naming the file, and a directory of the first format still resumes.</summary>
public sealed class GepaRunDirectoryJournalsTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-journals-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Adaptive (races, focused minibatches: partial validation scores and observed training scores), with the
    /// evaluation cache and merges, so every journal is written.</summary>
    private static GepaOptions Options() => new()
    {
        Seed = 3,
        MaxMetricCalls = 400,
        BudgetPolicy = BudgetPolicy.Adaptive,
        UseMerge = true,
        MergeValOverlapFloor = 2,
        CacheEvaluation = true,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    // Every checkpoint written (no interval), so that a copy after each one holds it.
    private static GepaRunDirectoryOptions DirectoryOptions() => new() { Fingerprint = new Dictionary<string, string> { ["dataset"] = "rule-world" }, CheckpointInterval = TimeSpan.Zero };

    private static Task<GepaResult> RunAsync(GepaRunDirectory dir, GepaOptions options)
    {
        dir.Attach(options);
        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options);
        return dir.RunAsync(optimizer, World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
    }

    private static string Json(GepaCheckpoint checkpoint) => JsonSerializer.Serialize(checkpoint, RunJsonContext.Default.Options);

    /// <summary>Runs once, keeping a copy of the directory and the engine's checkpoint after each checkpoint is saved.</summary>
    private async Task<(GepaResult Result, string Path, List<(string Copy, string Checkpoint)> Snapshots)> WatchedRunAsync(string name)
    {
        var path = Path.Combine(_root, name);
        var snapshots = new List<(string, string)>();
        using var dir = GepaRunDirectory.Create(path, DirectoryOptions());
        var options = Options();
        dir.Attach(options);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            var copy = Path.Combine(_root, $"{name}-cp{snapshots.Count}");
            CopyDirectory(path, copy);
            snapshots.Add((copy, Json(cp)));
            return ValueTask.CompletedTask;
        });
        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options);
        var result = await dir.RunAsync(optimizer, World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        return (result, path, snapshots);
    }

    [Fact]
    public async Task ReadState_AfterEveryCheckpoint_RebuildsTheEnginesWholeCheckpoint()
    {
        var (_, path, snapshots) = await WatchedRunAsync("run");

        Assert.True(snapshots.Count > 10, $"{snapshots.Count} checkpoints");
        foreach (var (copy, expected) in snapshots)
        {
            Assert.Equal(expected, Json(GepaRunDirectory.ReadState(copy)!.Checkpoint));
        }

        // Every journal was written, and state.json holds none of what they hold.
        foreach (var journal in new[] { GepaRunDirectory.PoolFileName, GepaRunDirectory.CacheFileName, GepaRunDirectory.ObservedFileName })
        {
            Assert.True(new FileInfo(Path.Combine(path, journal)).Length > 0, journal + " is empty");
        }

        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(path, GepaRunDirectory.StateFileName)))!;
        Assert.Equal(GepaRunDirectory.CurrentFormatVersion, state["formatVersion"]!.GetValue<int>());
        Assert.Null(state["checkpoint"]!["candidates"]);
        Assert.Null(state["checkpoint"]!["cache"]);
        Assert.Empty(state["checkpoint"]!["policyState"]!["adaptive"]!["TrainScores"]!.AsObject());
    }

    [Fact]
    public async Task SaveCheckpoint_JournalsOnlyGrow_EachCheckpointAppendsWhatChanged()
    {
        var (_, _, snapshots) = await WatchedRunAsync("run");

        // Each copy's journals start with the previous copy's: nothing already written is rewritten.
        for (var i = 1; i < snapshots.Count; i++)
        {
            foreach (var journal in new[] { GepaRunDirectory.PoolFileName, GepaRunDirectory.CacheFileName, GepaRunDirectory.ObservedFileName })
            {
                var before = ReadOrEmpty(Path.Combine(snapshots[i - 1].Copy, journal));
                var after = ReadOrEmpty(Path.Combine(snapshots[i].Copy, journal));
                Assert.True(after.AsSpan().StartsWith(before), $"{journal} was rewritten at checkpoint {i}");
            }
        }

        // A checkpoint that added nothing to the pool appends nothing to pool.jsonl.
        var unchanged = Enumerable.Range(1, snapshots.Count - 1).Count(i =>
            ReadOrEmpty(Path.Combine(snapshots[i].Copy, GepaRunDirectory.PoolFileName)).Length == ReadOrEmpty(Path.Combine(snapshots[i - 1].Copy, GepaRunDirectory.PoolFileName)).Length);
        Assert.True(unchanged > 0, "every checkpoint appended to the pool");
    }

    [Fact]
    public async Task Resume_KilledAfterAppendingBeforeTheState_CutsTheJournalsAndGivesTheSameRun()
    {
        var (full, fullPath, snapshots) = await WatchedRunAsync("full");
        var expected = JournalsOf(fullPath);

        foreach (var (snapshot, _) in snapshots.Where((_, i) => i % 5 == 1 || i == snapshots.Count - 1))
        {
            // What a process killed between its journal appends and its state leaves: whole lines past the marks, and a
            // torn one at the end.
            File.AppendAllText(Path.Combine(snapshot, GepaRunDirectory.PoolFileName), "{\"candidate\":99,\"components\":[[\"a\",\"b\"]],\"valScores\":{}}\n{\"candid");
            File.AppendAllText(Path.Combine(snapshot, GepaRunDirectory.CacheFileName), "{\"hash\":\"x\",\"split\":\"val\",\"id\":0,\"score\":1}\n");
            File.AppendAllText(Path.Combine(snapshot, GepaRunDirectory.ObservedFileName), "{\"candidate\":0,\"sco");

            using var dir = GepaRunDirectory.Open(snapshot, DirectoryOptions());
            var resumed = await RunAsync(dir, Options());

            Assert.Equal(full.Candidates, resumed.Candidates);
            Assert.Equal(full.ValAggregateScores, resumed.ValAggregateScores);
            Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
            Assert.Equal(full.Iterations, resumed.Iterations);
            Assert.Equal(expected, JournalsOf(snapshot));
        }
    }

    [Theory]
    [InlineData(GepaRunDirectory.PoolFileName)]
    [InlineData(GepaRunDirectory.CacheFileName)]
    [InlineData(GepaRunDirectory.ObservedFileName)]
    public async Task Open_JournalCutInsideTheSavedPart_RefusedNamingTheFileAndChangesNothing(string journal)
    {
        var path = await FinishedRunAsync();
        var file = Path.Combine(path, journal);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^5]);
        var before = Files(path);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Damaged, e.Error);
        Assert.Contains($"{file} was cut: it has {bytes.Length - 5} bytes", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before);
    }

    [Fact]
    public async Task Open_JournalMissing_RefusedNamingIt()
    {
        var path = await FinishedRunAsync();
        File.Delete(Path.Combine(path, GepaRunDirectory.PoolFileName));

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Damaged, e.Error);
        Assert.Contains($"{Path.Combine(path, GepaRunDirectory.PoolFileName)} is missing, but state.json says it holds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_JournalLineDamagedInsideTheSavedPart_RefusedNamingFileAndLine()
    {
        var path = await FinishedRunAsync();
        var file = Path.Combine(path, GepaRunDirectory.PoolFileName);
        var lines = File.ReadAllLines(file);
        Assert.True(lines.Length >= 3);

        // Same length, so only the line check can see it.
        lines[1] = "[" + new string(' ', lines[1].Length - 2) + "]";
        File.WriteAllText(file, string.Join("\n", lines) + "\n");
        var before = Files(path);

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Damaged, e.Error);
        Assert.StartsWith($"{file}:2: this line is not a whole JSON record", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before);
    }

    [Fact]
    public async Task Open_PoolLineOutOfOrder_RefusedNamingFileAndLine()
    {
        var path = await FinishedRunAsync();
        var file = Path.Combine(path, GepaRunDirectory.PoolFileName);
        var text = File.ReadAllText(file);

        // Candidate 1's line made to claim it is candidate 7 (same length).
        var second = text.IndexOf("\n{\"candidate\":1,", StringComparison.Ordinal);
        Assert.True(second > 0);
        File.WriteAllText(file, string.Concat(text.AsSpan(0, second), "\n{\"candidate\":7,", text.AsSpan(second + 16)));

        var e = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, DirectoryOptions()));

        Assert.Equal(GepaRunDirectoryError.Damaged, e.Error);
        Assert.Contains($"{file}:", e.Message, StringComparison.Ordinal);
        Assert.Contains("adds candidate 7 where the pool holds 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_DirectoryOfTheFirstFormat_ContinuesToTheSameRunInTheNewFormat()
    {
        var (full, _, snapshots) = await WatchedRunAsync("full");

        foreach (var (snapshot, checkpoint) in snapshots.Where((_, i) => i == 2 || i == snapshots.Count / 2))
        {
            // What the previous version left: the whole checkpoint in a format-1 state.json, no journals.
            var state = JsonNode.Parse(File.ReadAllText(Path.Combine(snapshot, GepaRunDirectory.StateFileName)))!.AsObject();
            foreach (var key in new[] { "pool", "cache", "observed", "roundRobinPointers", "randomState" })
            {
                state.Remove(key);
            }

            state["formatVersion"] = 1;
            state["checkpoint"] = JsonNode.Parse(checkpoint);
            File.WriteAllText(Path.Combine(snapshot, GepaRunDirectory.StateFileName), state.ToJsonString());
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(snapshot, GepaRunDirectory.ManifestFileName)))!;
            manifest["formatVersion"] = 1;
            File.WriteAllText(Path.Combine(snapshot, GepaRunDirectory.ManifestFileName), manifest.ToJsonString());
            foreach (var journal in new[] { GepaRunDirectory.PoolFileName, GepaRunDirectory.CacheFileName, GepaRunDirectory.ObservedFileName })
            {
                File.Delete(Path.Combine(snapshot, journal));
            }

            Assert.Equal(checkpoint, Json(GepaRunDirectory.ReadState(snapshot)!.Checkpoint));
            using (var dir = GepaRunDirectory.Open(snapshot, DirectoryOptions()))
            {
                var resumed = await RunAsync(dir, Options());
                Assert.Equal(full.Candidates, resumed.Candidates);
                Assert.Equal(full.ValAggregateScores, resumed.ValAggregateScores);
                Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
            }

            // It continued in the new format: journals, and a state that rebuilds the engine's last checkpoint.
            var saved = GepaRunDirectory.ReadState(snapshot)!;
            Assert.Equal(GepaRunDirectory.CurrentFormatVersion, saved.FormatVersion);
            Assert.NotNull(saved.Pool);
            Assert.Equal(WithoutElapsed(snapshots[^1].Checkpoint), WithoutElapsed(Json(saved.Checkpoint)));
        }
    }

    /// <summary>A checkpoint's JSON without its wall-clock time, which a resumed session does not repeat.</summary>
    private static string WithoutElapsed(string checkpoint)
    {
        var json = JsonNode.Parse(checkpoint)!.AsObject();
        json.Remove("elapsed");
        return json.ToJsonString();
    }

    private async Task<string> FinishedRunAsync()
    {
        var path = Path.Combine(_root, "finished");
        using var dir = GepaRunDirectory.Create(path, DirectoryOptions());
        await RunAsync(dir, Options());
        return path;
    }

    private static Dictionary<string, string> JournalsOf(string path) => new[] { GepaRunDirectory.PoolFileName, GepaRunDirectory.CacheFileName, GepaRunDirectory.ObservedFileName }
        .ToDictionary(j => j, j => File.ReadAllText(Path.Combine(path, j)));

    private static byte[] ReadOrEmpty(string file) => File.Exists(file) ? File.ReadAllBytes(file) : [];

    private static Dictionary<string, byte[]> Files(string path) =>
        Directory.GetFiles(path).Where(f => Path.GetFileName(f) != GepaRunDirectory.LockFileName).ToDictionary(f => f, File.ReadAllBytes);

    private static void AssertUnchanged(Dictionary<string, byte[]> before)
    {
        foreach (var (file, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)), file + " changed");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from).Where(f => Path.GetFileName(f) != GepaRunDirectory.LockFileName))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
