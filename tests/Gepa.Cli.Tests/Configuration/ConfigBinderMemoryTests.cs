using Gepa.Cli.Configuration;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Configuration;

/// <summary>The <c>memory</c> section.</summary>
public sealed class ConfigBinderMemoryTests : IDisposable
{
    private const string Minimal = """
        task: rule-world
        task-model: {provider: rule-world}
        reflection-model: {provider: rule-world}
        engine: {max-metric-calls: 500}
        """;

    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private GepaRunConfig Load(string text, params string[] overrides) => ConfigBinder.Load(_h.Write("family-a.yaml", text), overrides);

    [Fact]
    public void Load_NoMemorySection_MemoryOff()
    {
        Assert.Null(Load(Minimal).Memory);
    }

    [Fact]
    public void Load_SectionPresentButNotEnabled_MemoryOff()
    {
        Assert.Null(Load(Minimal + "\nmemory: {bank: m.db, distill: true}").Memory);
    }

    [Fact]
    public void Load_Enabled_DefaultsAndTaskFromTheFileName()
    {
        var memory = Load(Minimal + "\nmemory: {enabled: true}").Memory!;

        Assert.Equal("family-a", memory.TaskId);
        Assert.Null(memory.Bank);
        Assert.True(memory.LessonsInReflection && memory.SimilarTaskCandidates && memory.LessonAugmentedSeed && memory.Learn);
        Assert.False(memory.Distill);
        Assert.True(memory.GuardLessons && memory.RaceStart); // the guard is on whenever memory is
        // Unset floors follow the bank's embedder (MemoryBank.DefaultSimilarityFloor).
        Assert.Null(memory.Retrieval.SimilarityFloor);
        Assert.Null(memory.Start.TaskSimilarityFloor);
        Assert.Equal(MemoryConstants.MaxStartBudgetShare, memory.Start.MaxBudgetShare);
    }

    [Fact]
    public void Load_EveryKey_Bound()
    {
        var memory = Load(Minimal + """

            memory:
              enabled: true
              bank: banks/m.db
              task: invoices
              objective: Extract totals
              lessons-in-reflection: false
              similar-task-candidates: false
              lesson-augmented-seed: false
              learn: false
              distill: true
              retrieval: {floor: 0.5, k: 2, token-cap: 100, segment-query: true}
              start: {max-candidates: 1, task-floor: 0.6, budget-share: 0.05}
              guard: {lessons: false, race-start: false}
            """).Memory!;

        Assert.Equal(_h.Path("banks/m.db"), memory.Bank);
        Assert.Equal("invoices", memory.TaskId);
        Assert.Equal("Extract totals", memory.Objective);
        Assert.False(memory.LessonsInReflection || memory.SimilarTaskCandidates || memory.LessonAugmentedSeed || memory.Learn);
        Assert.True(memory.Distill);
        Assert.Equal((0.5, 2, 100, true), (memory.Retrieval.SimilarityFloor, memory.Retrieval.TopK, memory.Retrieval.TokenCap, memory.Retrieval.SegmentQuery));
        Assert.Equal((1, 0.6, 0.05), (memory.Start.MaxExtraCandidates, memory.Start.TaskSimilarityFloor, memory.Start.MaxBudgetShare));
        Assert.False(memory.Start.UseSimilarTaskCandidates || memory.Start.UseLessonAugmentedSeed);
        Assert.False(memory.GuardLessons || memory.RaceStart);
    }

    [Theory]
    [InlineData("lessons")]
    [InlineData("race-start")]
    public void Load_GuardKeyNotABoolean_OneErrorNamingFileLineAndKey(string key)
    {
        var e = Assert.Throws<ConfigException>(() => Load(Minimal + $"\nmemory:\n  enabled: true\n  guard: {{{key}: sometimes}}"));

        var error = Assert.Single(e.Errors).ToString();
        Assert.Contains("family-a.yaml:7", error, StringComparison.Ordinal);
        Assert.Contains("memory.guard." + key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GuardOverriddenOnTheCommandLine_Bound()
    {
        var memory = Load(Minimal + "\nmemory: {enabled: true}", "memory.guard.race-start=false").Memory!;

        Assert.True(memory.GuardLessons);
        Assert.False(memory.RaceStart);
    }

    [Fact]
    public void Load_OutOfRange_OneErrorNamingFileLineAndKey()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Minimal + "\nmemory:\n  enabled: true\n  start: {budget-share: 1.5}"));

        var error = Assert.Single(e.Errors).ToString();
        Assert.Contains("family-a.yaml:7", error, StringComparison.Ordinal);
        Assert.Contains("memory.start.budget-share", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MisspelledKey_Suggested()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Minimal + "\nmemory: {enabled: true, distil: true}"));

        Assert.Contains("did you mean 'memory.distill'?", Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
    }
}
