using Gepa.Cli.Configuration;
using Gepa.Cli.Tests.TestSupport;
using Gepa.Simulation;
using Xunit;

namespace Gepa.Cli.Tests.Configuration;

/// <summary>The <c>task: rule-world</c> and <c>world</c> keys, and the <c>rule-world</c> provider.</summary>
public sealed class ConfigBinderRuleWorldTests : IDisposable
{
    private const string Minimal = """
        task: rule-world
        task-model: {provider: rule-world}
        reflection-model: {provider: rule-world}
        engine: {max-metric-calls: 500}
        """;

    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private GepaRunConfig Load(string text, params string[] overrides) => ConfigBinder.Load(_h.Write("rw.yaml", text), overrides);

    private string[] Errors(string text, params string[] overrides) =>
        [.. Assert.Throws<ConfigException>(() => Load(text, overrides)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Load_RuleWorldTask_NeedsNoDatasetAndSeedsEveryModuleWithTheBaseInstruction()
    {
        var config = Load(Minimal + "\nworld: {modules: 2, noise: 0.1, seed: other}");

        Assert.True(config.IsRuleWorldTask);
        Assert.True(config.UsesSimulation);
        Assert.Equal(2, config.World!.Modules);
        Assert.Equal(0.1, config.World.Noise);
        Assert.Equal("other", config.World.Seed);
        Assert.Equal(RuleWorldConstants.DefaultTest, config.World.Test);
        Assert.Equal(["query", "answer"], config.SeedCandidate.Select(c => c.Key));
        Assert.All(config.SeedCandidate, c => Assert.Equal(RuleWorld.BaseInstruction, c.Value));
        Assert.Equal(RuleWorldConstants.TaskModelId, config.TaskModel.Model);
        Assert.Equal(RuleWorldConstants.ReflectionModelId, config.ReflectionModel.Model);
        Assert.Same(config.World, config.TaskModel.World);
        Assert.Same(config.World, config.ReflectionModel.World);
    }

    [Fact]
    public void Load_LimitedReflectionKeys_ReachTheWorldOfTaskAndModels()
    {
        var config = Load(Minimal + "\nworld: {reflection: limited, attention: 2, attention-decay: 0.25, drop-growth: 0.05, mislead: 0.5, metric-flip: 0.1}");

        Assert.Equal(RuleWorldReflection.Limited, config.World!.Reflection);
        Assert.Equal(2, config.World.Attention);
        Assert.Equal(0.25, config.World.AttentionDecay);
        Assert.Equal(0.05, config.World.DropGrowth);
        Assert.Equal(0.5, config.World.Mislead);
        Assert.Equal(0.1, config.World.MetricFlip);
        Assert.Same(config.World, config.ReflectionModel.World);
        Assert.Equal(RuleWorldReflection.Full, Load(Minimal + "\nworld: {modules: 1}").World!.Reflection);
    }

    [Fact]
    public void Load_RuleWorldTaskOverOpenAICompatible_IsTheSameShapeAndStillSimulated()
    {
        var config = Load("""
            task: rule-world
            task-model: {provider: openai-compatible, base-url: "http://127.0.0.1:5100/v1", model: rule-world-task}
            reflection-model: {provider: openai-compatible, base-url: "http://127.0.0.1:5100/v1", model: rule-world-reflect}
            engine: {max-metric-calls: 500}
            """, "world.modules=3");

        Assert.Equal(3, config.World!.Modules);
        Assert.Null(config.TaskModel.World);
        Assert.True(config.UsesSimulation);
        Assert.Equal(["plan", "query", "answer"], config.SeedCandidate.Select(c => c.Key));
    }

    [Fact]
    public void Load_SeedCandidateGiven_IsCheckedAgainstTheModulesAndPutInPipelineOrder()
    {
        var config = Load(Minimal + "\nworld: {modules: 2}\nseed-candidate: {answer: A., query: Q.}");
        Assert.Equal(["query", "answer"], config.SeedCandidate.Select(c => c.Key));
        Assert.Equal("Q.", config.SeedCandidate[0].Value);

        var errors = Errors(Minimal + "\nworld: {modules: 2}\nseed-candidate: {system_prompt: S.}");
        Assert.Contains(errors, e => e.Contains("seed-candidate.system_prompt: is not a module of this RuleWorld; with world.modules=2 the components are: query, answer.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("seed-candidate: lacks the RuleWorld modules query, answer", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RuleWorldTaskWithDatasetOrMetric_NamesTheUnusedSection()
    {
        Configs.WriteData(_h);
        var errors = Errors(Minimal + "\ndataset: {train: data/train.jsonl, val: data/val.jsonl}\nmetric: {name: exact}");

        Assert.Contains(errors, e => e.Contains("rw.yaml:5:", StringComparison.Ordinal) && e.Contains("dataset: is not used with task: rule-world", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("metric: is not used with task: rule-world", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BadWorldValues_OneLineEachNamingTheKey()
    {
        var errors = Errors(Minimal + "\nworld: {modules: 4, noise: 1.5, rules: two, bogus: 1}");

        Assert.Contains(errors, e => e.Contains("world.modules: 4 is out of range; expected a whole number from 1 to 3.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("world.noise: 1.5 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("world.rules: expected a whole number from 3 to 24, got 'two'.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("world.bogus: unknown key", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
    }

    [Fact]
    public void Load_WorldWithoutRuleWorld_IsAnError()
    {
        Configs.WriteData(_h);
        var errors = Errors(Configs.Valid(new Uri("http://127.0.0.1:9/")) + "\nworld: {modules: 2}");

        Assert.Contains(errors, e => e.Contains("world: is used only with task: rule-world or a model with provider: rule-world", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RuleWorldProviderInAChatPromptTask_GetsTheWorld()
    {
        Configs.WriteData(_h);
        var errors = Errors(Configs.Valid(new Uri("http://127.0.0.1:9/")), "reflection-model.provider=rule-world");
        Assert.Contains(errors, e => e.Contains("reflection-model.base-url: rule-world runs in process and takes no URL", StringComparison.Ordinal));

        var config = Load(Configs.Valid(new Uri("http://127.0.0.1:9/")), "reflection-model.provider=rule-world", "reflection-model.base-url=null", "reflection-model.model=null", "world.forget=0");
        Assert.Equal(RuleWorldConstants.ReflectionModelId, config.ReflectionModel.Model);
        Assert.Equal(0, config.ReflectionModel.World!.Forget);
        Assert.False(config.IsRuleWorldTask);
    }

    [Fact]
    public void Load_RuleWorldProviderWithAnotherModelOrAsJudge_IsAnError()
    {
        var errors = Errors(Minimal.Replace("task-model: {provider: rule-world}", "task-model: {provider: rule-world, model: gpt-4o}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("task-model.model: 'gpt-4o' is not a RuleWorld model; rule-world serves rule-world-task", StringComparison.Ordinal));

        Configs.WriteData(_h);
        var judge = Errors(Configs.Valid(new Uri("http://127.0.0.1:9/")) + "\njudge-model: {provider: rule-world}\nmetric: {name: llm-judge}");
        Assert.Contains(judge, e => e.Contains("judge-model.provider: rule-world simulates a task model and a reflection model, not a judge", StringComparison.Ordinal));
    }
}
