using Gepa.Simulation;

namespace Gepa.Tests.Runs;

/// <summary>examples.json and the test score in summary.json, on a RuleWorld run (simulated).</summary>
public sealed class GepaRunDirectoryExamplesTests : IDisposable
{
    private const string Secret = "sk-SECRET-examples-0123";
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 6, Train = 12, Val = 6, Test = 2 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-examples-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Examples_WrittenForTheSeedAndTheBest_CutAndRedacted()
    {
        var path = Path.Combine(_root, "run");
        var asked = new List<int>();
        GepaResult result;
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Redact = s => s.Replace(Secret, "***", StringComparison.Ordinal) }))
        {
            // The host's view of a candidate: its index in the output, a long input, and a secret the model echoed.
            dir.Examples = (pool, k) =>
            {
                asked.Add(k);
                return [.. Enumerable.Range(0, 3).Select(i => new ExampleResult { Example = 2 - i, Input = new string('q', 3_000), Output = $"candidate {k} says {Secret}", Score = k })];
            };
            var options = new GepaOptions { Seed = 1, MaxMetricCalls = 150, MinibatchSize = 3, ReflectionRetryDelay = TimeSpan.Zero };
            dir.Attach(options);
            result = await dir.RunAsync(new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.NotEqual(0, result.BestIndex);
        var doc = GepaRunDirectory.ReadExamples(path)!;
        Assert.Equal(result.BestIndex, doc.Best);
        Assert.Equal([0, result.BestIndex], doc.Candidates.Select(c => c.Candidate));
        var best = doc.Candidates[1].Examples;
        Assert.Equal([0, 1, 2], best.Select(e => e.Example));
        Assert.Equal($"candidate {result.BestIndex} says ***", best[0].Output);
        Assert.Equal(ExampleResult.MaxTextLength + "… [truncated: 3,000 characters in all]".Length, best[0].Input.Length);
        Assert.DoesNotContain(Secret, File.ReadAllText(Path.Combine(path, GepaRunDirectory.ExamplesFileName)), StringComparison.Ordinal);
        Assert.Contains(0, asked);
    }

    [Fact]
    public async Task Examples_WithoutAHost_NoFileIsWritten()
    {
        var path = Path.Combine(_root, "plain");
        using (var dir = GepaRunDirectory.Create(path))
        {
            var options = new GepaOptions { Seed = 1, MaxMetricCalls = 60, MinibatchSize = 3, ReflectionRetryDelay = TimeSpan.Zero };
            dir.Attach(options);
            await dir.RunAsync(new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.False(File.Exists(Path.Combine(path, GepaRunDirectory.ExamplesFileName)));
        Assert.Null(GepaRunDirectory.ReadExamples(path));
    }

    [Fact]
    public void RecordTestScore_AddsTheScoreToTheSummary_KeepingTheRest()
    {
        var path = Path.Combine(_root, "test");
        using var dir = GepaRunDirectory.Create(path);

        dir.RecordTestScore(3, 0.75, 20, "scored after the run, outside the rollout budget");

        var summary = GepaRunDirectory.ReadSummary(path)!;
        Assert.Equal((0.75, 20, 3), (summary.TestScore, summary.TestExamples, summary.TestCandidate));
        Assert.Equal("scored after the run, outside the rollout budget", summary.TestNote);
        Assert.Equal(RunSummary.Running, summary.Status);

        dir.RecordTestScore(3, null, 0, "not scored: there is no test split");
        summary = GepaRunDirectory.ReadSummary(path)!;
        Assert.Null(summary.TestScore);
        Assert.Null(summary.TestExamples);
        Assert.Equal("not scored: there is no test split", summary.TestNote);
    }

    [Fact]
    public void Truncate_LongText_EndsWithAMarkerGivingItsLength()
    {
        Assert.Equal("short", ExampleResult.Truncate("short"));
        Assert.Null(ExampleResult.Truncate(null));
        var cut = ExampleResult.Truncate(new string('a', ExampleResult.MaxTextLength + 1))!;
        Assert.StartsWith(new string('a', ExampleResult.MaxTextLength) + "…", cut, StringComparison.Ordinal);
        Assert.EndsWith("[truncated: 2,001 characters in all]", cut, StringComparison.Ordinal);
    }
}
