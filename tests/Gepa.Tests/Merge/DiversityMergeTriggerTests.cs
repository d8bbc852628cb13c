namespace Gepa.Tests.Merge;

public sealed class DiversityMergeTriggerTests
{
    private static Dictionary<int, double> Scores(params double[] s) => s.Select((v, i) => (v, i)).ToDictionary(x => x.i, x => x.v);

    [Fact]
    public void Diversity_IsTheSmallerShareOfExamplesEachSideWins()
    {
        // a wins on 0 and 1, b wins on 2: min(2, 1) / 5.
        Assert.Equal(0.2, DiversityMergeTrigger.Diversity(Scores(1, 1, 0, 1, 0), Scores(0, 0, 1, 1, 0)), 10);
    }

    [Fact]
    public void Diversity_OneSideBetterEverywhere_IsZeroHoweverLargeTheGap()
    {
        Assert.Equal(0, DiversityMergeTrigger.Diversity(Scores(1, 1, 1, 1), Scores(0, 0, 0, 1)));
    }

    [Fact]
    public void Diversity_NoSharedExamples_IsZero()
    {
        var a = new Dictionary<int, double> { [0] = 1 };
        var b = new Dictionary<int, double> { [1] = 0 };

        Assert.Equal(0, DiversityMergeTrigger.Diversity(a, b));
    }

    [Fact]
    public void DiversePairs_FindsComplementaryFrontCandidatesAboveTheThreshold()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 10 };
        state.Add(Candidate.FromText("a", "seed"), [], Scores(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), null, 0);
        state.Add(Candidate.FromText("a", "left"), [0], Scores(1, 1, 1, 0, 0, 0, 0, 0, 0, 0), null, 10);
        state.Add(Candidate.FromText("a", "right"), [0], Scores(0, 0, 0, 1, 1, 0, 0, 0, 0, 0), null, 20);

        var pairs = DiversityMergeTrigger.DiversePairs(state, state.SelectionScores(), 0.2);

        var pair = Assert.Single(pairs);
        Assert.Equal((1, 2), (pair.I, pair.J));
        Assert.Equal(0.2, pair.Diversity, 10);
        Assert.Empty(DiversityMergeTrigger.DiversePairs(state, state.SelectionScores(), 0.25));
    }

    [Fact]
    public void DiversePairs_ADominatedCandidateIsNotPaired()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 4 };
        state.Add(Candidate.FromText("a", "seed"), [], Scores(0, 0, 0, 0), null, 0);
        state.Add(Candidate.FromText("a", "better"), [0], Scores(1, 1, 1, 0), null, 4);
        state.Add(Candidate.FromText("a", "subset"), [0], Scores(1, 0, 0, 0), null, 8);

        Assert.Empty(DiversityMergeTrigger.DiversePairs(state, state.SelectionScores(), 0.01));
    }

    [Theory]
    [InlineData(0, 100, 0.2, true)]
    [InlineData(19, 100, 0.2, true)]
    [InlineData(20, 100, 0.2, false)]
    [InlineData(0, 100, 0.0, false)]
    public void BudgetAllows_CapsTheShareOfRolloutsMergesTake(int merge, int total, double share, bool expected)
    {
        Assert.Equal(expected, DiversityMergeTrigger.BudgetAllows(merge, total, share));
    }
}
