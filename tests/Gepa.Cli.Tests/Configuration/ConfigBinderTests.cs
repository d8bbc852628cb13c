using Gepa.Cli.Configuration;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Configuration;

public sealed class ConfigBinderTests : IDisposable
{
    private static readonly Uri Server = new("http://127.0.0.1:9/");
    private readonly CliHarness _h = new();

    public ConfigBinderTests() => Configs.WriteData(_h);

    public void Dispose() => _h.Dispose();

    private GepaRunConfig Load(string text, string name = "gepa.yaml", params string[] overrides) =>
        ConfigBinder.Load(_h.Write(name, text), overrides);

    [Fact]
    public void Load_MinimalConfig_DefaultsMatchTheEngine()
    {
        var config = Load(Configs.Valid(Server));
        var options = EngineOptionsMapper.ToOptions(config.Engine, new ChatUsageTracker());
        var defaults = new GepaOptions();

        Assert.Equal(40, options.MaxMetricCalls);
        Assert.Equal(2, options.MinibatchSize);
        Assert.Equal(1, options.Seed);
        Assert.Equal(defaults.StrictBudget, options.StrictBudget);
        Assert.Equal(defaults.CandidateSelection, options.CandidateSelection);
        Assert.Equal(defaults.Epsilon, options.Epsilon);
        Assert.Equal(defaults.TopK, options.TopK);
        Assert.Equal(defaults.ComponentSelection, options.ComponentSelection);
        Assert.Equal(defaults.AcceptanceCriterion, options.AcceptanceCriterion);
        Assert.Equal(defaults.FrontierType, options.FrontierType);
        Assert.Equal(defaults.SkipPerfectScore, options.SkipPerfectScore);
        Assert.Equal(defaults.PerfectScore, options.PerfectScore);
        Assert.Equal(defaults.UseMerge, options.UseMerge);
        Assert.Equal(defaults.MaxMergeInvocations, options.MaxMergeInvocations);
        Assert.Equal(defaults.MergeValOverlapFloor, options.MergeValOverlapFloor);
        Assert.Equal(defaults.CacheEvaluation, options.CacheEvaluation);
        Assert.Equal(defaults.ReflectionRetries, options.ReflectionRetries);
        Assert.Equal(defaults.ReflectionRetryDelay, options.ReflectionRetryDelay);
        Assert.Equal(defaults.MaxConsecutiveFailures, options.MaxConsecutiveFailures);
        Assert.Equal(defaults.ScoreAdapterExceptionsAsFailures, options.ScoreAdapterExceptionsAsFailures);
        Assert.Null(options.ReflectionPromptTemplate);
        Assert.Empty(options.StopConditions);
        Assert.Equal(TimeSpan.FromSeconds(120), config.TaskModel.Timeout);
        Assert.Equal("contains", config.Metric.Name);
    }

    [Fact]
    public void Load_EveryEngineKey_ReachesGepaOptions()
    {
        _h.Write("t.txt", "<curr_param> and <side_info>");
        var config = Load(Configs.Valid(Server) + """

              strict-budget: false
              candidate-selection: top-k-pareto
              epsilon: 0.25
              top-k: 3
              component-selection: all
              acceptance: improvement-or-equal
              frontier: hybrid
              skip-perfect-score: false
              perfect-score: 0.9
              merge: {enabled: true, max-invocations: 2, val-overlap-floor: 3}
              cache-evaluation: true
              reflection-template-file: t.txt
              reflection-template-files: {system_prompt: t.txt}
              score-adapter-exceptions-as-failures: true
              reflection-retries: 4
              reflection-retry-delay: 250ms
              max-consecutive-failures: 7
              stop: {timeout: 1h30m, no-improvement: 4, score-threshold: 0.95, max-proposals: 9, stop-file: STOP}
            """);
        var o = EngineOptionsMapper.ToOptions(config.Engine, new ChatUsageTracker());

        Assert.False(o.StrictBudget);
        Assert.Equal(CandidateSelection.TopKPareto, o.CandidateSelection);
        Assert.Equal(0.25, o.Epsilon);
        Assert.Equal(3, o.TopK);
        Assert.Equal(ComponentSelection.All, o.ComponentSelection);
        Assert.Equal(AcceptanceCriterion.ImprovementOrEqual, o.AcceptanceCriterion);
        Assert.Equal(FrontierType.Hybrid, o.FrontierType);
        Assert.False(o.SkipPerfectScore);
        Assert.Equal(0.9, o.PerfectScore);
        Assert.True(o.UseMerge);
        Assert.Equal(2, o.MaxMergeInvocations);
        Assert.Equal(3, o.MergeValOverlapFloor);
        Assert.True(o.CacheEvaluation);
        Assert.Equal("<curr_param> and <side_info>", o.ReflectionPromptTemplate);
        Assert.Equal("<curr_param> and <side_info>", o.ComponentReflectionPromptTemplates["system_prompt"]);
        Assert.True(o.ScoreAdapterExceptionsAsFailures);
        Assert.Equal(4, o.ReflectionRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.ReflectionRetryDelay);
        Assert.Equal(7, o.MaxConsecutiveFailures);
        Assert.Equal(5, o.StopConditions.Count);
        Assert.Equal(TimeSpan.FromMinutes(90), config.Engine.Stop.Timeout);
        Assert.Equal(_h.Path("STOP"), config.Engine.Stop.StopFile);
    }

    [Fact]
    public void Load_CheckpointInterval_DefaultsToTheLibrarys_AndTakesAnOverride()
    {
        Assert.Equal(GepaRunDirectoryConstants.DefaultCheckpointInterval, Load(Configs.Valid(Server)).CheckpointInterval);
        Assert.Equal(TimeSpan.Zero, Load(Configs.Valid(Server), "gepa.yaml", "output.checkpoint-interval=0s").CheckpointInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), Load(Configs.Valid(Server), "gepa.yaml", "output.checkpoint-interval=2m").CheckpointInterval);
    }

    [Fact]
    public void Load_CheckpointIntervalAboveAnHour_IsAnErrorNamingTheKey()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Configs.Valid(Server), "gepa.yaml", "output.checkpoint-interval=2h"));
        Assert.Contains("output.checkpoint-interval", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonConfig_SameAsYaml()
    {
        var json = """
            {
            	"task-model": {"provider": "ollama", "model": "llama3.2"},
            	"reflection-model": {"provider": "anthropic", "model": "claude-sonnet-4-5", "max-output-tokens": 2000},
            	"dataset": {"file": "data/train.jsonl", "split": {"seed": 3, "train": 0.5, "val": 0.5, "test": 0}},
            	"seed-candidate": {"system_prompt": {"file": "prompt.txt"}},
            	"engine": {"budget": 100}
            }
            """;
        _h.Write("prompt.txt", "From a file.");
        var config = Load(json, "gepa.json");

        Assert.Equal("ollama", config.TaskModel.Provider);
        Assert.Null(config.TaskModel.ApiKeyEnv);
        Assert.Equal("ANTHROPIC_API_KEY", config.ReflectionModel.ApiKeyEnv);
        Assert.Equal(2000, config.ReflectionModel.MaxOutputTokens);
        Assert.Equal(3, config.Dataset.SplitSeed);
        Assert.Equal(100, config.Engine.MaxMetricCalls);
        Assert.Equal("From a file.", config.SeedCandidate[0].Value);
    }

    [Fact]
    public void Load_Overrides_TypedAndAppliedInOrder()
    {
        var config = Load(Configs.Valid(Server), "gepa.yaml", "engine.seed=5", "engine.seed=6", "task-model.extra-body.top_k=40", "task-model.extra-body.stop='x'", "seed-candidate.extra=More text");

        Assert.Equal(6, config.Engine.Seed);
        Assert.Equal(40, config.TaskModel.ExtraBody["top_k"]!.GetValue<long>());
        Assert.Equal("x", config.TaskModel.ExtraBody["stop"]!.GetValue<string>());
        Assert.Equal(["system_prompt", "extra"], config.SeedCandidate.Select(c => c.Key));
    }

    [Fact]
    public void Load_SeveralProblems_AllReportedOnePerLine()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Configs.Valid(Server).Replace("seed: 1", "seed: x\n  top_k: 3\n  epsilon: 2", StringComparison.Ordinal)));

        Assert.Equal(3, e.Errors.Count);
        Assert.All(e.Errors, err => Assert.DoesNotContain('\n', err.ToString()));
    }

    [Fact]
    public void Load_SplitRatiosNotSummingToOne_Rejected()
    {
        var config = Configs.Valid(Server).Replace("  train: data/train.jsonl\n  val: data/val.jsonl\n  test: data/test.jsonl", "  file: data/train.jsonl\n  split: {train: 0.5, val: 0.4, test: 0.2}", StringComparison.Ordinal);
        var e = Assert.Throws<ConfigException>(() => Load(config));

        Assert.Contains("must add up to 1 (they add up to 1.1)", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LlmJudgeWithoutJudgeModel_Rejected()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Configs.Valid(Server) + "\nmetric: {name: llm-judge}\n"));

        Assert.Contains("judge-model: missing section; the llm-judge metric needs a judge model", Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("independent(4)", "all", "independent(4)", null)]
    [InlineData("pxn(2, 2)", "top-k(2)", "pxn(2,2)", "top-k(2)")]
    [InlineData("same-parent(3)", "best", "same-parent(3)", "best")]
    [InlineData("single", "all", null, null)]
    public void Load_ProposalStrategies_ReachGepaOptions(string sampling, string selection, string? expectedSampling, string? expectedSelection)
    {
        var config = Load(Configs.Valid(Server) + $"\n  proposals: {{sampling: '{sampling}', selection: '{selection}', max-concurrent: 3}}\n");
        var o = EngineOptionsMapper.ToOptions(config.Engine, new ChatUsageTracker());

        Assert.Equal(expectedSampling, o.ProposalSampling?.ToString());
        Assert.Equal(expectedSelection, o.ProposalSelection?.ToString());
        Assert.Equal(3, o.MaxConcurrentProposals);
    }

    [Theory]
    [InlineData("sampling: 'independent(0)'", "engine.proposals.sampling", "is not a sampling strategy")]
    [InlineData("sampling: 'pxn(2)'", "engine.proposals.sampling", "is not a sampling strategy")]
    [InlineData("selection: 'top-k(x)'", "engine.proposals.selection", "is not a selection strategy")]
    [InlineData("selection: 'worst'", "engine.proposals.selection", "is not a selection strategy")]
    public void Load_BadProposalStrategy_RejectedNamingTheKey(string line, string key, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Load(Configs.Valid(Server) + $"\n  proposals: {{{line}}}\n"));

        var error = Assert.Single(e.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReflectionCostCapWithoutPrice_Rejected()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Configs.Valid(Server) + "\n  stop: {max-reflection-cost: 2}\n"));

        Assert.Contains("needs reflection-model.price", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30.0)]
    [InlineData("1h30m", 5400.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("90", 90.0)]
    public void DurationParser_Forms_Parsed(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Theory]
    [InlineData("minibatch_size", "minibatch-size")]
    [InlineData("minibatchSize", "minibatch-size")]
    [InlineData("max-metric-call", "max-metric-calls")]
    [InlineData("zzzzzz", null)]
    public void Levenshtein_Suggest_FindsLikelyTypos(string typo, string? expected) =>
        Assert.Equal(expected, Levenshtein.Suggest(typo, ["minibatch-size", "max-metric-calls", "seed"]));
}
