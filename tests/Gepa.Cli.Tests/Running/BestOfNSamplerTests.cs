using Gepa.Cli.Running;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Cli.Tests.Running;

public class BestOfNSamplerTests
{
    [Fact]
    public void Template_NamesNoRuleWorldKeyword()
    {
        // A keyword in fixed text would teach the simulated reflection model a rule for free.
        var text = BestOfNSampler<RuleWorldExample>.Template.ToLowerInvariant();
        Assert.DoesNotContain(RuleWorld.RuleKeywords, k => text.Contains(k, StringComparison.Ordinal));
        Assert.DoesNotContain(RuleWorld.RuleKeywords, k => ReflectionSignalAdapter.ScoreKey.Contains(k, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task OptimizeAsync_RuleWorld_SamplesTheSeedWithinBudgetAndKeepsTheBestOnValidation()
    {
        var world = new RuleWorld(new RuleWorldOptions { Val = 10, Guess = 1.0 });
        using var reflection = new RuleWorldReflectionChatClient(world);
        using var task = new RuleWorldTaskChatClient(world);
        var adapter = new RuleWorldAdapter(world, task);
        var sampler = new BestOfNSampler<RuleWorldExample>(adapter, reflection, new GepaOptions { MaxMetricCalls = 105, Seed = 3 });

        var result = await sampler.OptimizeAsync(world.SeedCandidate(), world.Valset, CancellationToken.None);

        Assert.Equal(10, result.NumCandidates);
        Assert.Equal(100, result.TotalMetricCalls);
        Assert.Equal(9, result.ReflectionCalls);
        Assert.Equal(result.ValAggregateScores.Max(), result.BestScore);
        Assert.All(result.Candidates.Skip(1), c => Assert.NotEqual(RuleWorld.BaseInstruction, c["system_prompt"]));
        Assert.True(result.Candidates.Skip(1).Select(c => c["system_prompt"]).Distinct().Count() > 1);
    }
}
