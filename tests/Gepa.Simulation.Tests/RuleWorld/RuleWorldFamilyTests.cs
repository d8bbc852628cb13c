using Gepa.Simulation;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

public sealed class RuleWorldFamilyTests
{
    [Fact]
    public void Options_Member_HasItsRulesCapacityAndASeedPerRepetition()
    {
        var t3 = RuleWorldFamily.Options("T3", 4, 8);

        Assert.Equal(12, t3.Rules);
        Assert.Equal(8, t3.Capacity);
        Assert.Equal(1, t3.Modules);
        Assert.NotEqual(t3.Seed, RuleWorldFamily.Options("T3", 5, 8).Seed);
        Assert.NotEqual(t3.Seed, RuleWorldFamily.Options("T5", 4, 8).Seed);
    }

    [Fact]
    public void Options_TwelveRuleMember_NeverRequiresRulesBeyondTwelve()
    {
        var world = new World(RuleWorldFamily.Options("T3", 0, 0));

        Assert.All(world.Trainset.Concat(world.Valset), e => Assert.All(e.RequiredRules, r => Assert.True(r < 12)));
    }

    [Fact]
    public void Options_UnknownMember_Refused()
    {
        Assert.Contains("T1, T2, T3, T4, T5", Assert.Throws<ArgumentException>(() => RuleWorldFamily.Options("T9", 0, 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleOf_RuleText_FindsItsRule()
    {
        Assert.Equal(0, RuleWorldFamily.RuleOf(World.RuleTexts[0]));
        Assert.Equal(23, RuleWorldFamily.RuleOf(World.RuleTexts[23]));
        Assert.Equal(-1, RuleWorldFamily.RuleOf(World.BaseInstruction));
    }

    [Fact]
    public void Objective_NamesOnlyTheMembersTopics()
    {
        var objective = RuleWorldFamily.Objective(12);

        Assert.Contains(World.Topics[11], objective, StringComparison.Ordinal);
        Assert.DoesNotContain(World.Topics[12], objective, StringComparison.Ordinal);
    }
}
