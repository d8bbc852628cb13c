using Gepa.Cli.Configuration;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Configuration;

/// <summary>The <c>budget</c> section: the budget policy and the adaptive policy's parts and parameters.</summary>
public sealed class BudgetSettingsTests : IDisposable
{
    private static readonly Uri Server = new("http://127.0.0.1:9/");
    private readonly CliHarness _h = new();

    public BudgetSettingsTests() => Configs.WriteData(_h);

    public void Dispose() => _h.Dispose();

    private GepaRunConfig Load(string text, params string[] overrides) => ConfigBinder.Load(_h.Write("gepa.yaml", text), overrides);

    [Fact]
    public void Load_NoBudgetSection_IsTheAdaptivePolicyWithTheEngineDefaults()
    {
        var o = EngineOptionsMapper.ToOptions(Load(Configs.Valid(Server, policy: null)).Engine, new ChatUsageTracker());
        var defaults = new AdaptiveBudgetOptions();

        Assert.Equal(BudgetPolicy.Adaptive, o.BudgetPolicy);
        Assert.Null(o.Adaptive.AdaptiveValidation);
        Assert.Null(o.Adaptive.BanditComponentSelection);
        Assert.Null(o.Adaptive.DiversityMerge);
        Assert.Equal(defaults.MinFirstStage, o.Adaptive.MinFirstStage);
        Assert.Equal(defaults.LossConfidence, o.Adaptive.LossConfidence);
        Assert.Equal(defaults.WinConfidence, o.Adaptive.WinConfidence);
        Assert.Equal(defaults.TieLimit, o.Adaptive.TieLimit);
        Assert.Equal(defaults.BanditDiscount, o.Adaptive.BanditDiscount);
        Assert.Equal(defaults.MaxMergeBudgetShare, o.Adaptive.MaxMergeBudgetShare);
    }

    [Fact]
    public void Load_EveryBudgetKey_ReachesGepaOptions()
    {
        var config = Load(Configs.Valid(Server, policy: null) + """

            budget:
              policy: adaptive
              adaptive-validation: true
              bandit-components: false
              diversity-merge: true
              focused-minibatch: false
              focus: {failures: 4, guards: 2}
              race:
                min-first-stage: 3
                max-first-stage: 12
                initial-first-stage: 6
                target-disagreements: 2.5
                stage-growth: 1.5
                loss-confidence: 1.25
                win-confidence: 0.75
                tie-limit: 30
                movement-smoothing: 0.5
              bandit: {exploration: 2, discount: 0.8}
              merge: {diversity-threshold: 0.1, max-budget-share: 0.3}
            """);
        var o = EngineOptionsMapper.ToOptions(config.Engine, new ChatUsageTracker());
        var a = o.Adaptive;

        Assert.Equal(BudgetPolicy.Adaptive, o.BudgetPolicy);
        Assert.True(a.AdaptiveValidation);
        Assert.False(a.BanditComponentSelection);
        Assert.True(a.DiversityMerge);
        Assert.False(a.FocusedMinibatch);
        Assert.Equal(4, a.FocusedFailures);
        Assert.Equal(2, a.MinibatchGuards);
        Assert.Equal(3, a.MinFirstStage);
        Assert.Equal(12, a.MaxFirstStage);
        Assert.Equal(6, a.InitialFirstStage);
        Assert.Equal(2.5, a.TargetDisagreements);
        Assert.Equal(1.5, a.StageGrowth);
        Assert.Equal(1.25, a.LossConfidence);
        Assert.Equal(0.75, a.WinConfidence);
        Assert.Equal(30, a.TieLimit);
        Assert.Equal(0.5, a.MovementSmoothing);
        Assert.Equal(2, a.BanditExploration);
        Assert.Equal(0.8, a.BanditDiscount);
        Assert.Equal(0.1, a.MergeDiversityThreshold);
        Assert.Equal(0.3, a.MaxMergeBudgetShare);
    }

    [Fact]
    public void Load_PolicyFromTheCommandLine_Applies()
    {
        var o = EngineOptionsMapper.ToOptions(Load(Configs.Valid(Server, policy: null), "budget.policy=adaptive", "budget.race.tie-limit=8").Engine, new ChatUsageTracker());

        Assert.Equal(BudgetPolicy.Adaptive, o.BudgetPolicy);
        Assert.Equal(8, o.Adaptive.TieLimit);
    }

    [Fact]
    public void Load_PolicyFixed_IsTheReferenceAllocationOneSwitchAway()
    {
        var fromFile = EngineOptionsMapper.ToOptions(Load(Configs.Valid(Server, policy: null) + "\nbudget: {policy: fixed}\n").Engine, new ChatUsageTracker());
        var fromCommandLine = EngineOptionsMapper.ToOptions(Load(Configs.Valid(Server, policy: null), "budget.policy=fixed").Engine, new ChatUsageTracker());

        Assert.Equal(BudgetPolicy.Fixed, fromFile.BudgetPolicy);
        Assert.Equal(BudgetPolicy.Fixed, fromCommandLine.BudgetPolicy);
        Assert.Null(fromFile.Adaptive.AdaptiveValidation);
        Assert.Null(fromFile.Adaptive.FocusedMinibatch);
    }

    [Fact]
    public void Load_BadBudgetValues_EachRejectedNamingItsKey()
    {
        var e = Assert.Throws<ConfigException>(() => Load(Configs.Valid(Server, policy: null) + """

            budget:
              policy: cheap
              race: {loss-confidence: -1, tie-limit: 0}
            """));

        Assert.Equal(3, e.Errors.Count);
        Assert.Contains(e.Errors, err => err.ToString().Contains("budget.policy", StringComparison.Ordinal) && err.ToString().Contains("adaptive", StringComparison.Ordinal));
        Assert.Contains(e.Errors, err => err.ToString().Contains("budget.race.loss-confidence", StringComparison.Ordinal));
        Assert.Contains(e.Errors, err => err.ToString().Contains("budget.race.tie-limit", StringComparison.Ordinal));
    }

    [Fact]
    public void FromOptionNames_AnAdaptiveOptionInAnEngineMessage_BecomesItsKey()
    {
        var message = ConfigKeyNames.FromOptionNames("Adaptive.MaxFirstStage is 1; it must be at least 2. (Parameter 'Adaptive.MaxFirstStage')");

        Assert.Equal("budget.race.max-first-stage is 1; it must be at least 2.", message);
    }
}
