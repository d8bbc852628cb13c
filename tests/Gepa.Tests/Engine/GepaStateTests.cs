namespace Gepa.Tests.Engine;

public sealed class GepaStateTests
{
    [Fact]
    public void Add_StrictlyBetterScore_ReplacesTheFrontAndEqualScoreJoinsIt()
    {
        var state = new GepaState(FrontierType.Instance);
        state.Add(Candidate.FromText("p", "a"), [], new Dictionary<int, double> { [0] = 0.5, [1] = 1.0 }, null, 0);
        state.Add(Candidate.FromText("p", "b"), [0], new Dictionary<int, double> { [0] = 0.7, [1] = 1.0 }, null, 2);

        var fronts = state.InstanceFrontPrograms();
        Assert.Equal([1], fronts[0]);
        Assert.Equal([0, 1], fronts[1]);
    }

    [Fact]
    public void FrontMapping_TieBetweenFourAndEight_IteratesInCPythonSetOrder()
    {
        // The reference's front {4} then .add(8): in 8 slots, 4 sits in slot 4 and 8 in slot 0, so CPython walks it as
        // [8, 4]; the result still lists each front ascending.
        var state = new GepaState(FrontierType.Instance);
        for (var k = 0; k <= 8; k++)
        {
            var score = k is 4 or 8 ? 1.0 : 0.0;
            state.Add(Candidate.FromText("p", $"c{k}"), k == 0 ? [] : [0], new Dictionary<int, double> { [0] = score }, null, 0);
        }

        Assert.Equal(new[] { 8, 4 }, state.FrontMapping()[0].ToArray());
        Assert.Equal([4, 8], state.InstanceFrontPrograms()[0]);
    }

    [Fact]
    public void BestIndex_TiedMeans_GoesToTheLowestIndex()
    {
        var state = new GepaState(FrontierType.Instance);
        state.Add(Candidate.FromText("p", "a"), [], new Dictionary<int, double> { [0] = 1.0, [1] = 0.0 }, null, 0);
        state.Add(Candidate.FromText("p", "b"), [0], new Dictionary<int, double> { [0] = 0.0, [1] = 1.0 }, null, 2);

        Assert.Equal(0, state.BestIndex());
    }

    [Fact]
    public void Add_ChildOfAMerge_InheritsTheHighestRoundRobinPointer()
    {
        var state = new GepaState(FrontierType.Instance);
        var scores = new Dictionary<int, double> { [0] = 0.0 };
        state.Add(new Candidate([new("a", "1"), new("b", "2"), new("c", "3")]), [], scores, null, 0);
        state.Add(new Candidate([new("a", "x"), new("b", "2"), new("c", "3")]), [0], scores, null, 0);
        state.Add(new Candidate([new("a", "1"), new("b", "y"), new("c", "3")]), [0], scores, null, 0);
        state.RoundRobinPointers[1] = 2;
        state.RoundRobinPointers[2] = 1;

        state.Add(new Candidate([new("a", "x"), new("b", "y"), new("c", "3")]), [1, 2], scores, null, 0);

        Assert.Equal(2, state.RoundRobinPointers[3]);
    }

    [Fact]
    public void Add_NonInstanceFrontierWithoutObjectives_ExplainsWhatIsMissing()
    {
        var state = new GepaState(FrontierType.Objective);

        var ex = Assert.Throws<InvalidOperationException>(() => state.Add(Candidate.FromText("p", "a"), [], new Dictionary<int, double> { [0] = 1 }, null, 0));

        Assert.Contains("objective scores", ex.Message, StringComparison.Ordinal);
    }
}
