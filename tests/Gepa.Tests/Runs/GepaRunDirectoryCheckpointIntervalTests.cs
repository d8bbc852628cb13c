using System.Text.Json;
using Gepa.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Gepa.Tests.Runs;

/// <summary>Checkpoints written at a bounded rate (<see cref="GepaRunDirectoryOptions.CheckpointInterval"/>) on RuleWorld
/// runs (simulated, deterministic), with a clock that moves only when told to: fewer <c>state.json</c> writes than
/// checkpoints, the last checkpoint always written when the session ends, the journals holding the same lines as when
/// every checkpoint is written, and a kill between writes resuming to the same run.</summary>
public sealed class GepaRunDirectoryCheckpointIntervalTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
    private static readonly string[] JournalFiles =
        [GepaRunDirectory.CandidatesFileName, GepaRunDirectory.PoolFileName, GepaRunDirectory.CacheFileName, GepaRunDirectory.ObservedFileName];

    private readonly string _root = Directory.CreateTempSubdirectory("gepa-ckpt-interval-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Adaptive, with the evaluation cache and merges, so that every journal is written.</summary>
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

    private static GepaRunDirectoryOptions DirectoryOptions(TimeProvider clock, TimeSpan interval) => new()
    {
        Fingerprint = new Dictionary<string, string> { ["dataset"] = "rule-world" },
        TimeProvider = clock,
        CheckpointInterval = interval,
    };

    private static GepaOptimizer<RuleWorldExample> Optimizer(GepaOptions options) =>
        new(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options);

    private static string Json(GepaCheckpoint checkpoint) => JsonSerializer.Serialize(checkpoint, RunJsonContext.Default.Options);

    /// <summary>The saved checkpoint, without its wall-clock time.</summary>
    private static string SavedCheckpoint(string path)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Json(GepaRunDirectory.ReadState(path)!.Checkpoint))!.AsObject();
        node.Remove("elapsed");
        return node.ToJsonString();
    }

    private static string Journals(string path) =>
        string.Join("\n--\n", JournalFiles.Select(f => File.Exists(Path.Combine(path, f)) ? File.ReadAllText(Path.Combine(path, f)) : ""));

    /// <summary>A whole run with every checkpoint written: what every other run must end as.</summary>
    private async Task<(GepaResult Result, string Path)> ReferenceRunAsync()
    {
        var path = Path.Combine(_root, "reference");
        using var dir = GepaRunDirectory.Create(path, DirectoryOptions(new FakeTimeProvider(), TimeSpan.Zero));
        var options = Options();
        dir.Attach(options);
        return (await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken), path);
    }

    [Theory]
    [InlineData(0)] // every checkpoint written: today's behaviour
    [InlineData(1000)] // 0.4 s per iteration, interval 1 s: about every third
    public async Task SaveCheckpoint_WithAnInterval_WritesFewerStatesThanCheckpoints_AndTheSameJournals(int intervalMs)
    {
        var (reference, referencePath) = await ReferenceRunAsync();
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "run");
        var options = Options();
        var checkpoints = 0;
        var writes = 0;
        GepaResult result;
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions(clock, TimeSpan.FromMilliseconds(intervalMs))))
        {
            dir.StateStreamWrapper = s =>
            {
                writes++;
                return s;
            };
            dir.Attach(options);
            options.Callbacks.OnCheckpoint.Subscribe(_ =>
            {
                checkpoints++;
                clock.Advance(TimeSpan.FromMilliseconds(400));
                return ValueTask.CompletedTask;
            });
            result = await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.True(checkpoints > 10, $"{checkpoints} checkpoints");
        if (intervalMs == 0)
        {
            Assert.Equal(checkpoints, writes);
        }
        else
        {
            // The first, then one per 1 s of the clock (one checkpoint in three), and the last one at the end.
            Assert.InRange(writes, 2, (checkpoints / 2) + 1);
        }

        Assert.Equal(reference.Candidates, result.Candidates);
        Assert.Equal(SavedCheckpoint(referencePath), SavedCheckpoint(path));
        Assert.Equal(Journals(referencePath), Journals(path));
    }

    [Fact]
    public async Task RunAsync_CompletedWithinTheInterval_WritesTheLastCheckpoint()
    {
        var clock = new FakeTimeProvider(); // never moves: only the first checkpoint is due during the run
        var path = Path.Combine(_root, "run");
        var options = Options();
        string? last = null;
        var saved = new List<int>();
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions(clock, TimeSpan.FromSeconds(1))))
        {
            dir.Attach(options);
            options.Callbacks.OnCheckpoint.Subscribe(cp =>
            {
                last = Json(cp);
                saved.Add(GepaRunDirectory.ReadState(path)!.Checkpoint.Iteration);
                return ValueTask.CompletedTask;
            });
            await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        // Only the first checkpoint (after the seed's validation) was on the disk while the run went on.
        Assert.True(saved.Count > 10, $"{saved.Count} checkpoints");
        Assert.All(saved, iteration => Assert.Equal(-1, iteration));
        Assert.Equal(last, Json(GepaRunDirectory.ReadState(path)!.Checkpoint));
    }

    [Fact]
    public async Task RunAsync_CancelledWithinTheInterval_WritesTheLastCheckpoint_WhichResumesToTheSameRun()
    {
        var (reference, referencePath) = await ReferenceRunAsync();
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "run");
        var options = Options();
        string? last = null;
        var checkpoints = 0;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions(clock, TimeSpan.FromSeconds(1))))
        {
            dir.Attach(options);
            options.Callbacks.OnCheckpoint.Subscribe(cp =>
            {
                last = Json(cp);
                if (++checkpoints == 8)
                {
                    cancel.Cancel(); // Ctrl+C, seven checkpoints after the last one written
                }

                return ValueTask.CompletedTask;
            });
            try
            {
                await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // Either way the session ended; what matters is what it left.
            }
        }

        var saved = GepaRunDirectory.ReadState(path)!;
        Assert.Equal(last, Json(saved.Checkpoint));
        Assert.True(saved.Checkpoint.Iteration >= 6, $"saved iteration {saved.Checkpoint.Iteration}");

        using (var dir = GepaRunDirectory.Open(path, DirectoryOptions(clock, TimeSpan.FromSeconds(1))))
        {
            var resumedOptions = Options();
            dir.Attach(resumedOptions);
            var resumed = await dir.RunAsync(Optimizer(resumedOptions), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
            Assert.Equal(reference.Candidates, resumed.Candidates);
            Assert.Equal(reference.TotalMetricCalls, resumed.TotalMetricCalls);
        }

        Assert.Equal(Journals(referencePath), Journals(path));
    }

    [Fact]
    public async Task Resume_KilledBetweenWrites_ContinuesFromTheLastWrittenCheckpointToTheSameRun()
    {
        var (reference, referencePath) = await ReferenceRunAsync();
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "watched");
        var options = Options();
        var copies = new List<(string Copy, int Taken)>();
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions(clock, TimeSpan.FromSeconds(1))))
        {
            dir.Attach(options);

            // After the directory has taken each checkpoint: what a process killed right then leaves.
            options.Callbacks.OnCheckpoint.Subscribe(cp =>
            {
                var copy = Path.Combine(_root, "cp" + copies.Count);
                Directory.CreateDirectory(copy);
                foreach (var file in Directory.GetFiles(path).Where(f => Path.GetFileName(f) != GepaRunDirectory.LockFileName))
                {
                    File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
                }

                copies.Add((copy, cp.Iteration));
                clock.Advance(TimeSpan.FromMilliseconds(400));
                return ValueTask.CompletedTask;
            });
            await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        var lagging = 0;
        foreach (var (copy, taken) in copies.Where((_, i) => i % 3 != 0 || i == 1))
        {
            var saved = GepaRunDirectory.ReadState(copy)!.Checkpoint.Iteration;
            Assert.True(saved <= taken, $"{copy}: saved {saved}, taken {taken}");
            lagging += saved < taken ? 1 : 0;

            using var dir = GepaRunDirectory.Open(copy, DirectoryOptions(new FakeTimeProvider(), TimeSpan.FromSeconds(1)));
            var resumedOptions = Options();
            dir.Attach(resumedOptions);
            var resumed = await dir.RunAsync(Optimizer(resumedOptions), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
            Assert.Equal(reference.Candidates, resumed.Candidates);
            Assert.Equal(reference.ValAggregateScores, resumed.ValAggregateScores);
            Assert.Equal(reference.TotalMetricCalls, resumed.TotalMetricCalls);
            Assert.Equal(reference.Iterations, resumed.Iterations);
            dir.Dispose();
            Assert.Equal(Journals(referencePath), Journals(copy));
            Assert.Equal(SavedCheckpoint(referencePath), SavedCheckpoint(copy));
        }

        Assert.True(lagging >= 3, $"only {lagging} copies were taken between writes");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Create_CheckpointIntervalOutOfRange_IsRefusedNamingTheOption(int seconds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GepaRunDirectory.Create(Path.Combine(_root, "run"), new GepaRunDirectoryOptions { CheckpointInterval = TimeSpan.FromSeconds(seconds) }));
        Assert.Contains("CheckpointInterval", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));
    }
}
