using Gepa.Simulation;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

public sealed class RuleWorldWindowFamilyTests
{
    [Fact]
    public void Options_Member_RequiresItsWindowAndKnowsEveryRule()
    {
        var w5 = RuleWorldWindowFamily.Options("W5", 3, 8);

        Assert.Equal((12, 12, 24, 8, 1), (w5.Rules, w5.RuleOffset, w5.KnownRules, w5.Capacity, w5.Modules));
        Assert.NotEqual(w5.Seed, RuleWorldWindowFamily.Options("W5", 4, 8).Seed);
        Assert.NotEqual(w5.Seed, RuleWorldWindowFamily.Options("W4", 3, 8).Seed);
        var world = new World(w5);
        Assert.All(world.Trainset.Concat(world.Valset).Concat(world.Testset), e => Assert.All(e.RequiredRules, r => Assert.InRange(r, 12, 23)));
    }

    [Fact]
    public void Options_ForeignRuleInInstructions_TakesAPlaceUnderCapacity()
    {
        var world = new World(RuleWorldWindowFamily.Options("W5", 0, 1));
        var example = world.Trainset.First(e => e.RequiredRules.Count == 1);
        var reply = world.TaskReply(World.BaseInstruction + " " + World.RuleTexts[0] + " " + World.RuleTexts[example.RequiredRules[0]], example.Input);

        Assert.StartsWith("Rules applied: none", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Members_NeighboursOverlapAndTheEndsAreDisjoint()
    {
        var windows = RuleWorldWindowFamily.Members.Select(m => Enumerable.Range(m.Offset, m.Rules).ToHashSet()).ToList();

        Assert.Equal(9, windows[0].Intersect(windows[1]).Count());
        Assert.Empty(windows[0].Intersect(windows[4]));
        Assert.All(RuleWorldWindowFamily.Members, m => Assert.True(m.Offset + m.Rules <= 24));
    }

    [Fact]
    public void Options_UnknownMember_Refused()
    {
        Assert.Contains("W1, W2, W3, W4, W5", Assert.Throws<ArgumentException>(() => RuleWorldWindowFamily.Options("T1", 0, 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Objective_NamesOnlyTheWindowsTopics()
    {
        var objective = RuleWorldWindowFamily.Objective(12, 12);

        Assert.Contains(World.Topics[12], objective, StringComparison.Ordinal);
        Assert.Contains(World.Topics[23], objective, StringComparison.Ordinal);
        Assert.DoesNotContain(World.Topics[11], objective, StringComparison.Ordinal);
    }
}
