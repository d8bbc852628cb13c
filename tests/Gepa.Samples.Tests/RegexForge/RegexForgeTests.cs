using System.Text.RegularExpressions;
using RegexForge;

namespace Gepa.Samples.Tests.RegexForge;

public sealed class RegexForgeTests
{
    // The grammar's reference regex from semver.org, used only to check the labels.
    private const string SemVerOrg = @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$";

    [Fact]
    public void SemVerData_Labels_AgreeWithTheGrammar()
    {
        var oracle = new Regex(SemVerOrg, RegexOptions.CultureInvariant);
        foreach (var s in SemVerData.Categories.Concat(SemVerData.HeldOut).SelectMany(c => c.Strings))
        {
            // \z rather than $: "1.2.3\n" must not count as a version.
            var isVersion = oracle.IsMatch(s.Text) && !s.Text.EndsWith('\n');
            Assert.True(isVersion == s.IsVersion, $"'{s.Text}' is labelled {s.IsVersion}");
        }
    }

    [Fact]
    public void Evaluate_TheGrammarsRegex_ScoresOneEverywhere()
    {
        foreach (var c in SemVerData.Categories)
        {
            Assert.Equal(1.0, RegexEvaluator.Evaluate(SemVerOrg, c).Score);
        }
    }

    [Fact]
    public void Evaluate_PatternThatDoesNotParse_ReportsTheErrorAndOffset()
    {
        var e = RegexEvaluator.Evaluate(@"^(\d+\.\d+", SemVerData.Categories[0]);

        Assert.Equal(0, e.Score);
        Assert.Contains("InsufficientClosingParentheses at offset 10", (string)e.Info![SideInfoKeys.Error]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NestedQuantifiers_TimeOutAndSaySo()
    {
        var traps = SemVerData.Categories.Single(c => c.Name == "backtracking-traps");
        var e = RegexEvaluator.Evaluate(@"^\d+\.\d+\.\d+(-([a-z]+\.?)+)?$", traps);

        var timeouts = (string)e.Info![RegexEvaluator.TimeoutsKey]!;
        Assert.Contains("1.0.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", timeouts, StringComparison.Ordinal);
        Assert.True(e.Score < 1);
    }

    [Fact]
    public void Evaluate_Lookahead_LosesTheNonBacktrackingObjective()
    {
        var core = SemVerData.Categories[0];
        var plain = RegexEvaluator.Evaluate(@"^\d+\.\d+\.\d+$", core).Info!.ObjectiveScores().ToDictionary();
        var look = RegexEvaluator.Evaluate(@"^(?!a)\d+\.\d+\.\d+$", core).Info!.ObjectiveScores().ToDictionary();

        Assert.Equal(1, plain["non_backtracking"]);
        Assert.Equal(0, look["non_backtracking"]);
        Assert.True(plain["shortness"] > look["shortness"]);
    }

    [Fact]
    public void Evaluate_Mistakes_ListFalseNegativesAndPositivesAsJsonStrings()
    {
        var e = RegexEvaluator.Evaluate(@"^\d+\.\d+\.\d+$", SemVerData.Categories.Single(c => c.Name == "leading-zeros"));

        Assert.Contains("\"01.2.3\"", (string)e.Info![RegexEvaluator.FalsePositivesKey]!, StringComparison.Ordinal);
        Assert.False(e.Info.ContainsKey(RegexEvaluator.FalseNegativesKey));
    }

    [Fact]
    public void Propose_ReadsTheSideInfo_AddsShapesForMissesAndLookaheadsForFalseAlarms()
    {
        var prompt = "## Current version\n\n```\n^\\d+$\n```\n\n```\n# Example 1\n## " + RegexEvaluator.FalseNegativesKey + "\n\"1.0.0-rc.1\"\n\n## " + RegexEvaluator.FalsePositivesKey + "\n\"007\"\n\n```";

        var next = SimulatedRegexProposer.Propose(prompt);

        Assert.Equal(@"^(?!007$)(?:\d+|\d+\.\d+\.\d+-[A-Za-z]+\.\d+)$", next);
        Assert.Equal(@"^(?!007$)(?:\d+|\d+\.\d+\.\d+-[A-Za-z]+\.\d+|\d+\.\d+)$", SimulatedRegexProposer.Propose(prompt.Replace("^\\d+$", next, StringComparison.Ordinal).Replace("1.0.0-rc.1", "4.2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_SimulatedProposer_ImprovesOfflineDeterministicallyWithinBudget()
    {
        var first = await RegexForgeRun.RunAsync(new SimulatedRegexProposer(), 150, cancellationToken: TestContext.Current.CancellationToken);
        var second = await RegexForgeRun.RunAsync(new SimulatedRegexProposer(), 150, cancellationToken: TestContext.Current.CancellationToken);

        var seedScore = first.Gepa!.ValAggregateScores[0];
        Assert.True(seedScore < 0.2, $"seed {seedScore}");
        Assert.True(first.BestScore >= 0.95, $"best {first.BestScore}");
        Assert.True(first.BestTestScore > first.SeedTestScore);
        Assert.True(first.EvaluationsUsed <= 150);
        Assert.Equal(first.BestText, second.BestText);
        Assert.Equal(first.Gepa.ValAggregateScores, second.Gepa!.ValAggregateScores);
    }
}
