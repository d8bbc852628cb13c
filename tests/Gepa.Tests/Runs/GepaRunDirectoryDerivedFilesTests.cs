using System.Text.Json.Nodes;
using Gepa.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Gepa.Tests.Runs;

/// <summary>The derived files (<c>pareto_front.json</c>, <c>best_candidate.json</c>) and <c>summary.json</c> on a
/// RuleWorld run (simulated):
/// rewritten at most once per <see cref="GepaRunDirectoryOptions.DerivedFilesInterval"/> while the run goes on, and
/// always as of the last checkpoint when the session ends.</summary>
public sealed class GepaRunDirectoryDerivedFilesTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 1, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-derived-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GepaOptions Options() => new() { Seed = 3, MaxMetricCalls = 200, MinibatchSize = 3, ReflectionRetryDelay = TimeSpan.Zero };

    private static GepaOptimizer<RuleWorldExample> Optimizer(GepaOptions options) =>
        new(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options);

    /// <summary>The largest candidate index <c>pareto_front.json</c> names, read at every iteration's start (after the
    /// previous checkpoint was written).</summary>
    private static List<int> WatchFront(GepaOptions options, string path, FakeTimeProvider clock, TimeSpan step)
    {
        var seen = new List<int>();
        options.Callbacks.OnIterationStart.Subscribe(_ =>
        {
            var file = Path.Combine(path, GepaRunDirectory.ParetoFrontFileName);
            if (File.Exists(file))
            {
                seen.Add(JsonNode.Parse(File.ReadAllText(file))!["members"]!.AsArray().Max(m => m!.GetValue<int>()));
            }

            clock.Advance(step);
            return ValueTask.CompletedTask;
        });
        return seen;
    }

    private static int MaxMember(string path) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(path, GepaRunDirectory.ParetoFrontFileName)))!["members"]!.AsArray().Max(m => m!.GetValue<int>());

    [Theory]
    [InlineData(0, false)] // the clock never moves: only the first checkpoint's front during the run
    [InlineData(10, true)] // ten seconds per iteration, interval five: the front follows the pool
    public async Task SaveCheckpoint_WithinTheInterval_KeepsTheFrontUntilTheIntervalPasses_AndTheEndWritesItAll(int secondsPerIteration, bool followsDuringRun)
    {
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "run");
        var options = Options();
        var seen = WatchFront(options, path, clock, TimeSpan.FromSeconds(secondsPerIteration));
        GepaResult result;
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { TimeProvider = clock, DerivedFilesInterval = TimeSpan.FromSeconds(5) }))
        {
            dir.Attach(options);
            result = await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.True(result.NumCandidates >= 3, $"only {result.NumCandidates} candidates");
        Assert.NotEmpty(seen);
        Assert.Equal(followsDuringRun, seen.Max() > 0);
        Assert.Equal(result.PerValInstanceBestCandidates.Values.SelectMany(m => m).Max(), MaxMember(path));
    }

    [Fact]
    public async Task Dispose_WithoutCompleteAfterThePoolChanged_WritesTheDerivedFilesOfTheLastCheckpoint()
    {
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "run");
        var options = Options();
        GepaResult result;
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { TimeProvider = clock }))
        {
            dir.Attach(options);

            // The optimizer run directly: the directory sees checkpoints, but never Complete.
            result = await Optimizer(options).OptimizeAsync(World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
            Assert.Equal(0, MaxMember(path));
        }

        Assert.True(result.NumCandidates >= 3, $"only {result.NumCandidates} candidates");
        Assert.Equal(result.PerValInstanceBestCandidates.Values.SelectMany(m => m).Max(), MaxMember(path));
        Assert.Equal(result.BestCandidate.ToDictionary(), System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(path, GepaRunDirectory.BestCandidateFileName))));
    }

    [Theory]
    [InlineData(0, false)] // the clock never moves: the summary stays at the first checkpoint's while the run goes on
    [InlineData(10, true)] // ten seconds per iteration, interval five: it follows every checkpoint
    public async Task SaveCheckpoint_WithinTheInterval_KeepsTheSummaryUntilTheIntervalPasses_AndTheEndWritesTheFinalOne(int secondsPerIteration, bool followsDuringRun)
    {
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "run");
        var options = Options();
        var seen = new List<int>();
        options.Callbacks.OnIterationStart.Subscribe(_ =>
        {
            seen.Add(GepaRunDirectory.ReadSummary(path)!.Iterations);
            clock.Advance(TimeSpan.FromSeconds(secondsPerIteration));
            return ValueTask.CompletedTask;
        });
        GepaResult result;
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { TimeProvider = clock, DerivedFilesInterval = TimeSpan.FromSeconds(5) }))
        {
            dir.Attach(options);
            result = await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.True(seen.Count >= 3, $"only {seen.Count} iterations");
        // The first checkpoint's (after the seed's validation: no iteration done yet) is always written.
        Assert.Equal(followsDuringRun ? Enumerable.Range(0, seen.Count).ToList() : [.. seen.Select(_ => 0)], seen);
        var final = GepaRunDirectory.ReadSummary(path)!;
        Assert.Equal(RunSummary.Completed, final.Status);
        Assert.Equal(result.Iterations, final.Iterations);
        Assert.Equal(result.TotalMetricCalls, final.Rollouts);
    }

    [Fact]
    public async Task Dispose_WithoutCompleteAfterCheckpointsWithinTheInterval_WritesTheSummaryOfTheLastCheckpoint()
    {
        var clock = new FakeTimeProvider();
        var path = Path.Combine(_root, "run");
        var options = Options();
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { TimeProvider = clock }))
        {
            dir.Attach(options);
            await Optimizer(options).OptimizeAsync(World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
            Assert.Equal(0, GepaRunDirectory.ReadSummary(path)!.Iterations); // the first checkpoint's
        }

        var state = GepaRunDirectory.ReadState(path)!;
        var summary = GepaRunDirectory.ReadSummary(path)!;
        Assert.True(state.Checkpoint.Iteration > 1, $"only {state.Checkpoint.Iteration} iterations");
        Assert.Equal(RunSummary.Running, summary.Status);
        Assert.Equal(state.Checkpoint.Iteration + 1, summary.Iterations);
        Assert.Equal(state.Checkpoint.TotalMetricCalls, summary.Rollouts);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Create_DerivedFilesIntervalOutOfRange_IsRefusedNamingTheOption(int seconds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GepaRunDirectory.Create(Path.Combine(_root, "run"), new GepaRunDirectoryOptions { DerivedFilesInterval = TimeSpan.FromSeconds(seconds) }));
        Assert.Contains("DerivedFilesInterval", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));
    }
}
