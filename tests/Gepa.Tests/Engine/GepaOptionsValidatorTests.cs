using Gepa.Simulation;

namespace Gepa.Tests.Engine;

public sealed class GepaOptionsValidatorTests
{
    private static readonly Candidate Seed = Candidate.FromText("system_prompt", "Answer.");

    [Fact]
    public void ValidateSettings_BudgetSetAndDefaults_Passes() =>
        GepaOptionsValidator.ValidateSettings(new GepaOptions { MaxMetricCalls = 100 });

    [Fact]
    public void ValidateSettings_EpsilonOutOfRange_NamesTheOptionAndRange()
    {
        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.ValidateSettings(new GepaOptions { MaxMetricCalls = 100, Epsilon = 1.5 }));

        Assert.Equal(nameof(GepaOptions.Epsilon), e.ParamName);
        Assert.Contains("between 0 and 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_NothingStopsTheRun_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.ValidateSettings(new GepaOptions()));

        Assert.Equal(nameof(GepaOptions.MaxMetricCalls), e.ParamName);
    }

    [Fact]
    public void ValidateSettings_MinibatchSizeZero_RefusedWithoutData()
    {
        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.ValidateSettings(new GepaOptions { MaxMetricCalls = 100, MinibatchSize = 0 }));

        Assert.Equal(nameof(GepaOptions.MinibatchSize), e.ParamName);
    }

    [Fact]
    public void Validate_MinibatchLargerThanTrainset_NamesTheTrainsetSize()
    {
        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.Validate(new GepaOptions { MaxMetricCalls = 100, MinibatchSize = 5, BudgetPolicy = BudgetPolicy.Fixed }, Seed, trainsetSize: 4, valsetSize: 4)); // the focused minibatch ignores MinibatchSize

        Assert.Contains("trainset size (4)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BudgetBelowOneProposal_SaysWhatItMustPayFor()
    {
        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.Validate(new GepaOptions { MaxMetricCalls = 5, MinibatchSize = 3 }, Seed, trainsetSize: 10, valsetSize: 10));

        Assert.Equal(nameof(GepaOptions.MaxMetricCalls), e.ParamName);
        Assert.Contains("seed's validation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_PriorSeedEvaluationWithoutBatch_NamesTheOption()
    {
        var o = new GepaOptions { MaxMetricCalls = 100, PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed, Batch = null! } };

        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.ValidateSettings(o));

        Assert.Equal(nameof(GepaOptions.PriorSeedEvaluation), e.ParamName);
        Assert.Contains("no Batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_PriorSeedEvaluationWithoutCandidate_NamesTheOption()
    {
        var o = new GepaOptions { MaxMetricCalls = 100, PriorSeedEvaluation = new PriorEvaluation { Candidate = null!, Batch = new EvaluationBatch([1.0]) } };

        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.ValidateSettings(o));

        Assert.Contains("no Candidate", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FrontierType.Objective, false, true)]
    [InlineData(FrontierType.Hybrid, false, true)]
    [InlineData(FrontierType.Objective, true, false)]
    [InlineData(FrontierType.Instance, false, false)]
    public void ValidateSettings_PriorSeedEvaluationObjectives_RefusedOnlyWhenTheFrontierNeedsThem(FrontierType frontier, bool objectives, bool refused)
    {
        IReadOnlyDictionary<string, double> perExample = new Dictionary<string, double> { ["hit"] = 1 };
        var batch = new EvaluationBatch([1.0], objectiveScores: objectives ? [perExample] : null);
        var o = new GepaOptions { MaxMetricCalls = 100, FrontierType = frontier, PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed, Batch = batch } };

        var e = Record.Exception(() => GepaOptionsValidator.ValidateSettings(o));

        Assert.Equal(refused, e is ArgumentException { ParamName: nameof(GepaOptions.PriorSeedEvaluation) });
        Assert.Equal(refused, e is not null);
    }

    [Fact]
    public void Validate_PriorSeedEvaluationOfAnotherCandidate_NamesTheOption()
    {
        var o = new GepaOptions { MaxMetricCalls = 100, PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed.With("system_prompt", "Other."), Batch = new EvaluationBatch([1.0]) } };

        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.Validate(o, Seed, trainsetSize: 10, valsetSize: 10));

        Assert.Equal(nameof(GepaOptions.PriorSeedEvaluation), e.ParamName);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Validate_PriorSeedEvaluationLength_AtMostTheValset(int length, bool accepted)
    {
        var o = new GepaOptions { MaxMetricCalls = 100, PriorSeedEvaluation = new PriorEvaluation { Candidate = Seed, Batch = new EvaluationBatch(new double[length]) } };

        var e = Record.Exception(() => GepaOptionsValidator.Validate(o, Seed, trainsetSize: 10, valsetSize: 10));

        Assert.Equal(accepted, e is null);
    }

    [Fact]
    public async Task ValidateResume_SameOrChangedSettings_AcceptsOnlyTheSame()
    {
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1 });
        var options = new GepaOptions { MaxMetricCalls = 200, Seed = 3, ReflectionRetryDelay = TimeSpan.Zero };
        GepaCheckpoint? last = null;
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            last = cp;
            return ValueTask.CompletedTask;
        });
        await new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)), new RuleWorldReflectionChatClient(world), options)
            .OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, TestContext.Current.CancellationToken);
        Assert.NotNull(last);

        GepaOptionsValidator.ValidateResume(new GepaOptions { MaxMetricCalls = 400, Seed = 3 }, last, world.Trainset.Count, world.Valset.Count);
        var e = Assert.Throws<ArgumentException>(() => GepaOptionsValidator.ValidateResume(new GepaOptions { MaxMetricCalls = 400, Seed = 4 }, last, world.Trainset.Count, world.Valset.Count));

        Assert.Contains("'Seed' was '3' and is now '4'", e.Message, StringComparison.Ordinal);
    }
}
