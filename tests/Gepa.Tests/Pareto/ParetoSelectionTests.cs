namespace Gepa.Tests.Pareto;

public sealed class ParetoSelectionTests
{
    [Fact]
    public void RemoveDominated_ProgramCoveredEverywhere_IsRemoved()
    {
        // The reference's test_gepa_utils: {val0: {0, 1}, val1: {1}} with scores [.3, .6] keeps only program 1.
        var fronts = new List<PythonIntSet> { new([0, 1]), new([1]) };

        var reduced = ParetoSelection.RemoveDominated(fronts, [0.3, 0.6]);

        Assert.Equal([1], reduced[0]);
        Assert.Equal([1], reduced[1]);
    }

    [Fact]
    public void RemoveDominated_SoleWinnerOfAKey_IsKept()
    {
        var fronts = new List<PythonIntSet> { new([0]), new([1]), new([0, 1]) };

        var reduced = ParetoSelection.RemoveDominated(fronts, [0.2, 0.9]);

        Assert.Equal([0], reduced[0]);
        Assert.Equal([1], reduced[1]);
        Assert.Equal([0, 1], reduced[2]);
    }

    [Fact]
    public void RemoveDominated_TiedScores_ScansInCPythonSetOrder()
    {
        // {4, 8} iterates as [8, 4] in CPython, so with equal scores 8 is examined (and removed) first and 4 survives;
        // ascending order would have removed 4 instead.
        var scores = Enumerable.Repeat(0.5, 9).ToList();
        var fronts = new List<PythonIntSet> { new([4, 8]) };

        var reduced = ParetoSelection.RemoveDominated(fronts, scores);

        Assert.Equal(new[] { 4 }, reduced[0].ToArray());
    }

    [Fact]
    public void Select_ManySamples_FollowsTheNumberOfKeysWon()
    {
        var fronts = new List<PythonIntSet> { new([0]), new([1]), new([1]), new([1]) };
        var random = new PythonRandom(3);

        var picks = Enumerable.Range(0, 4000).Select(_ => ParetoSelection.Select(fronts, [0.5, 0.5], random)!.Value).ToList();

        var share = picks.Count(p => p == 1) / 4000.0;
        Assert.InRange(share, 0.7, 0.8);
    }

    [Fact]
    public void Select_EmptyFront_ReturnsNull()
    {
        Assert.Null(ParetoSelection.Select([], [], new PythonRandom(0)));
    }
}
