using Gepa.Simulation;
using Xunit;

namespace Gepa.Tests.Simulation;

public class RuleWorldOptionsTests
{
    [Fact]
    public void Defaults_AreTheReferenceDefaults()
    {
        Assert.Equal(
            "seed=rules-v1 rules=24 train=60 val=60 test=300 noise=0.05 informative=0.7 forget=0.1 guess=0.2 capacity=0 skew=2 modules=1",
            new RuleWorldOptions().ToString());
    }

    [Fact]
    public void Parse_Assignments_SetEachKeyOverTheDefaults()
    {
        var options = RuleWorldOptions.Parse(["seed=a=b", "RULES=18", "train=1", "val=2", "test=3", "noise=0", "informative=1", "forget=0.25", "guess=1e-1", "capacity=4", "skew=1", "modules=3", "noise=0.5"]);
        Assert.Equal(
            "seed=a=b rules=18 train=1 val=2 test=3 noise=0.5 informative=1 forget=0.25 guess=0.1 capacity=4 skew=1 modules=3",
            options.ToString());
    }

    [Fact]
    public void Parse_ToStringOfOptions_RoundTrips()
    {
        var options = new RuleWorldOptions { Seed = "x", Noise = 0.125, Modules = 2 };
        Assert.Equal(options.ToString(), RuleWorldOptions.Parse(options.ToString().Split(' ')).ToString());
    }

    [Fact]
    public void Parse_ExtensionKeys_SetTheLimitedReflectionAndNoisyMetricAndRoundTrip()
    {
        var options = RuleWorldOptions.Parse(["reflection=LIMITED", "attention=5", "attention-decay=0.25", "drop-growth=0.5", "mislead=1", "metric-flip=0.1"]);
        Assert.Equal(RuleWorldReflection.Limited, options.Reflection);
        Assert.Equal(
            "seed=rules-v1 rules=24 train=60 val=60 test=300 noise=0.05 informative=0.7 forget=0.1 guess=0.2 capacity=0 skew=2 modules=1 reflection=limited attention=5 attention-decay=0.25 drop-growth=0.5 mislead=1 metric-flip=0.1",
            options.ToString());
        Assert.Equal(options.ToString(), RuleWorldOptions.Parse(options.ToString().Split(' ')).ToString());
    }

    [Fact]
    public void Parse_KnownRuleKeys_SetTheWindowAndKnownRulesAndRoundTrip()
    {
        var options = RuleWorldOptions.Parse(["rules=12", "rule-offset=6", "KNOWN-RULES=20"]);
        Assert.Equal((6, 20, 20), (options.RuleOffset, options.KnownRules, options.EffectiveKnownRules));
        Assert.Equal(
            "seed=rules-v1 rules=12 train=60 val=60 test=300 noise=0.05 informative=0.7 forget=0.1 guess=0.2 capacity=0 skew=2 modules=1 rule-offset=6 known-rules=20",
            options.ToString());
        Assert.Equal(options.ToString(), RuleWorldOptions.Parse(options.ToString().Split(' ')).ToString());
    }

    [Fact]
    public void EffectiveKnownRules_KnownRulesZero_IsTheWindowsEnd()
    {
        Assert.Equal(24, new RuleWorldOptions().EffectiveKnownRules);
        Assert.Equal(16, new RuleWorldOptions { Rules = 12, RuleOffset = 4 }.EffectiveKnownRules);
    }

    [Theory]
    [InlineData("rules=12 rule-offset=13", "'rule-offset' (RuleOffset) must be between 0 and 12")]
    [InlineData("rule-offset=-1", "'rule-offset' (RuleOffset) must be between 0 and 0")]
    [InlineData("rules=12 rule-offset=6 known-rules=17", "'known-rules' (KnownRules) must be between 18 and 24")]
    [InlineData("rules=12 known-rules=25", "'known-rules' (KnownRules) must be between 12 and 24")]
    [InlineData("rules=12 known-rules=-1", "'known-rules' (KnownRules) must be between 12 and 24")]
    [InlineData("rule-offset=x", "'rule-offset' must be an integer")]
    public void Parse_BadKnownRuleKeys_ThrowNamingTheParameterAndRange(string assignments, string message)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => RuleWorldOptions.Parse(assignments.Split(' ')));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reflection=partial", "'reflection' must be full or limited; got 'partial'")]
    [InlineData("attention=-1", "'attention' (Attention) must be between 0 and 1000")]
    [InlineData("metric-flip=2", "'metric-flip' (MetricFlip) must be between 0 and 1; got 2")]
    [InlineData("colour=red", "Unknown RuleWorld parameter 'colour'")]
    [InlineData("noise", "Expected a RuleWorld parameter as key=value")]
    [InlineData("=3", "Expected a RuleWorld parameter as key=value")]
    [InlineData("rules=many", "'rules' must be an integer; got 'many'")]
    [InlineData("rules=2.5", "'rules' must be an integer")]
    [InlineData("noise=lots", "'noise' must be a number between 0 and 1; got 'lots'")]
    [InlineData("noise=NaN", "'noise' must be a number between 0 and 1")]
    [InlineData("noise=1.5", "'noise' (Noise) must be between 0 and 1; got 1.5")]
    [InlineData("guess=-0.1", "'guess' (Guess) must be between 0 and 1")]
    [InlineData("rules=25", "'rules' (Rules) must be between 3 and 24")]
    [InlineData("rules=2", "'rules' (Rules) must be between 3 and 24")]
    [InlineData("test=10001", "'test' (Test) must be between 0 and 10000")]
    [InlineData("train=-1", "'train' (Train) must be between 0 and 10000")]
    [InlineData("capacity=-1", "'capacity' (Capacity) must be 0 or more")]
    [InlineData("skew=0", "'skew' (Skew) must be between 1 and 8")]
    [InlineData("modules=4", "'modules' (Modules) must be between 1 and 3")]
    public void Parse_BadAssignment_ThrowsNamingTheParameter(string assignment, string message)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => RuleWorldOptions.Parse([assignment]));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Settings_LikeAConfigurationSection()
    {
        var options = RuleWorldOptions.Parse([new KeyValuePair<string, string>("Modules", "2"), new("noise", " 0.01 "), new("seed", " spaced ")]);
        Assert.Equal(2, options.Modules);
        Assert.Equal(0.01, options.Noise);
        Assert.Equal(" spaced ", options.Seed);
        var ex = Assert.Throws<ArgumentException>(() => RuleWorldOptions.Parse([new KeyValuePair<string, string>("modules", "9")]));
        Assert.Equal("modules", ex.ParamName);
    }

    [Fact]
    public void World_InvalidOptions_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Gepa.Simulation.RuleWorld(new RuleWorldOptions { Modules = 0 }));
        Assert.Equal("modules", ex.ParamName);
    }
}
