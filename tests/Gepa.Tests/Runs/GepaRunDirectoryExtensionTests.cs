using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Simulation;

namespace Gepa.Tests.Runs;

/// <summary><see cref="GepaRunDirectory.AddExtension"/> on RuleWorld runs (simulated, deterministic): a part of the run
/// outside the engine saved in <c>state.json</c> with each checkpoint and restored on resume, and nothing written when
/// no extension is registered.</summary>
public sealed class GepaRunDirectoryExtensionTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-rundir-ext-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GepaOptions Options() => new()
    {
        Seed = 3,
        MaxMetricCalls = 240,
        MinibatchSize = 3,
        BudgetPolicy = BudgetPolicy.Fixed,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    private static GepaRunDirectoryOptions DirectoryOptions() => new()
    {
        Fingerprint = new Dictionary<string, string> { ["dataset"] = "rule-world" },
        CheckpointInterval = TimeSpan.Zero,
    };

    private static Task<GepaResult> RunAsync(GepaRunDirectory dir, GepaOptions options) =>
        dir.RunAsync(
            new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options),
            World.SeedCandidate(),
            World.Trainset,
            World.Valset,
            TestContext.Current.CancellationToken);

    private static JsonObject ReadStateFile(string path) => JsonNode.Parse(File.ReadAllText(Path.Combine(path, GepaRunDirectory.StateFileName)))!.AsObject();

    [Fact]
    public async Task AddExtension_EachCheckpoint_StateFileHoldsTheExtensionAsAtThatCheckpoint()
    {
        var path = Path.Combine(_root, "run");
        var seen = 0;
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions()))
        {
            var options = Options();
            var counter = new IterationCounter(options);
            dir.AddExtension("counter", counter);
            dir.Attach(options);

            // Subscribed after the directory's own: state.json is written when this runs.
            options.Callbacks.OnCheckpoint.Subscribe(cp =>
            {
                var state = ReadStateFile(path);
                Assert.Equal(cp.Iteration, state["checkpoint"]!["iteration"]!.GetValue<int>());
                Assert.Equal(counter.Count, state["extensions"]!["counter"]!.GetValue<int>());
                seen++;
                return ValueTask.CompletedTask;
            });
            await RunAsync(dir, options);
        }

        Assert.True(seen > 5, $"{seen} checkpoints");
        Assert.Equal(GepaRunDirectory.ReadState(path)!.Extensions["counter"].GetInt32(), ReadStateFile(path)["extensions"]!["counter"]!.GetValue<int>());
    }

    [Fact]
    public async Task AddExtension_OnResume_RestoresTheSavedStateAndContinuesAsTheUninterruptedRun()
    {
        int full;
        using (var dir = GepaRunDirectory.Create(Path.Combine(_root, "full"), DirectoryOptions()))
        {
            var options = Options();
            var counter = new IterationCounter(options);
            dir.AddExtension("counter", counter);
            dir.Attach(options);
            await RunAsync(dir, options);
            full = counter.Count;
        }

        // The same run, copied as it stands at its fourth checkpoint, then resumed from the copy.
        var path = Path.Combine(_root, "watched");
        var snapshot = Path.Combine(_root, "snapshot");
        var savedCount = -1;
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions()))
        {
            var options = Options();
            var counter = new IterationCounter(options);
            dir.AddExtension("counter", counter);
            dir.Attach(options);
            var checkpoints = 0;
            options.Callbacks.OnCheckpoint.Subscribe(_ =>
            {
                if (++checkpoints == 4)
                {
                    Directory.CreateDirectory(snapshot);
                    // The lock is held by the running session and is not part of what a snapshot keeps.
                    foreach (var file in Directory.GetFiles(path).Where(f => Path.GetFileName(f) != GepaRunDirectory.LockFileName))
                    {
                        File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)));
                    }

                    savedCount = counter.Count;
                }

                return ValueTask.CompletedTask;
            });
            await RunAsync(dir, options);
        }

        using var reopened = GepaRunDirectory.Open(snapshot, DirectoryOptions());
        var resumedOptions = Options();
        var resumed = new IterationCounter(resumedOptions);
        reopened.AddExtension("counter", resumed);
        Assert.Equal(savedCount, resumed.Count);
        reopened.Attach(resumedOptions);
        await RunAsync(reopened, resumedOptions);
        Assert.Equal(full, resumed.Count);
    }

    [Fact]
    public async Task RunAsync_NoExtension_StateFileHasNoExtensions()
    {
        var path = Path.Combine(_root, "plain");
        using (var dir = GepaRunDirectory.Create(path, DirectoryOptions()))
        {
            var options = Options();
            dir.Attach(options);
            await RunAsync(dir, options);
        }

        Assert.False(ReadStateFile(path).ContainsKey("extensions"));
        Assert.Empty(GepaRunDirectory.ReadState(path)!.Extensions);
    }

    [Fact]
    public void AddExtension_SameNameTwice_IsRefusedNamingIt()
    {
        using var dir = GepaRunDirectory.Create(Path.Combine(_root, "twice"), DirectoryOptions());
        var options = Options();
        dir.AddExtension("counter", new IterationCounter(options));

        var e = Assert.Throws<ArgumentException>(() => dir.AddExtension("counter", new IterationCounter(options)));

        Assert.Contains("'counter'", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Counts the iterations started: state that grows with the run, as a gate's counts do.</summary>
    private sealed class IterationCounter : IRunStateExtension
    {
        public IterationCounter(GepaOptions options) => options.Callbacks.OnIterationStart.Subscribe(_ =>
        {
            Count++;
            return ValueTask.CompletedTask;
        });

        public int Count { get; private set; }

        public JsonElement SaveState()
        {
            using var document = JsonDocument.Parse(Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return document.RootElement.Clone();
        }

        public void RestoreState(JsonElement state) => Count = state.GetInt32();
    }
}
