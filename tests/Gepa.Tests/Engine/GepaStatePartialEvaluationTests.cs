namespace Gepa.Tests.Engine;

/// <summary>GepaState with partially evaluated candidates (adaptive validation).</summary>
public sealed class GepaStatePartialEvaluationTests
{
    private static Dictionary<int, double> Scores(params double[] s) => s.Select((v, i) => (v, i)).ToDictionary(x => x.i, x => x.v);

    private static Dictionary<int, double> Only(params (int Id, double Score)[] s) => s.ToDictionary(x => x.Id, x => x.Score);

    [Fact]
    public void BestIndex_APartiallyEvaluatedCandidateNeverBecomesBest()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 4 };
        state.Add(Candidate.FromText("p", "seed"), [], Scores(0, 0, 1, 0), null, 0);
        state.Add(Candidate.FromText("p", "partial"), [0], Only((0, 1), (1, 1)), null, 4);

        Assert.Equal(1.0, state.MeanScore(1));
        Assert.False(state.IsFullyEvaluated(1));
        Assert.Equal(0, state.BestIndex());
    }

    [Fact]
    public void IsFullyEvaluated_WithoutAValsetSize_IsAlwaysTrue()
    {
        var state = new GepaState(FrontierType.Instance);
        state.Add(Candidate.FromText("p", "seed"), [], Only((3, 1)), null, 0);

        Assert.True(state.IsFullyEvaluated(0));
    }

    [Fact]
    public void Fronts_UseObservedScoresOnly_WhileSelectionUsesLineageCompletedScores()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 4 };
        state.Add(Candidate.FromText("p", "seed"), [], Scores(0, 1, 1, 0), null, 0);
        state.Add(Candidate.FromText("p", "child"), [0], Only((0, 1), (1, 1)), null, 4);

        // Observed fronts: the child is best on example 0 and ties on 1; it has no score on 2 or 3.
        var fronts = state.InstanceFrontPrograms();
        Assert.Equal([1], fronts[0]);
        Assert.Equal([0, 1], fronts[1]);
        Assert.Equal([0], fronts[2]);
        Assert.Equal([0], fronts[3]);

        // Completed: where the child was not scored it is expected to behave as its parent.
        var completed = state.CompletedScores();
        Assert.Equal(Scores(1, 1, 1, 0), completed[1]);
        Assert.Equal([0.5, 0.75], state.SelectionScores());
        var selection = state.SelectionFrontMapping();
        Assert.Equal([1], selection[0]);
        Assert.Equal([0, 1], selection[2]);
    }

    [Fact]
    public void CompletedScores_AMergeTakesTheLowerOfItsParents()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 3 };
        state.Add(new Candidate([new("a", "0"), new("b", "0")]), [], Scores(0, 0, 0), null, 0);
        state.Add(new Candidate([new("a", "1"), new("b", "0")]), [0], Scores(1, 0, 1), null, 3);
        state.Add(new Candidate([new("a", "0"), new("b", "1")]), [0], Scores(0, 1, 1), null, 6);
        state.Add(new Candidate([new("a", "1"), new("b", "1")]), [1, 2], Only((0, 1)), null, 9);

        Assert.Equal(Scores(1, 0, 1), state.CompletedScores()[3]);
    }

    [Fact]
    public void SelectionScoresAndFronts_AllFullyEvaluated_AreTheReferencesOnes()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 2 };
        state.Add(Candidate.FromText("p", "a"), [], Scores(0.5, 1), null, 0);
        state.Add(Candidate.FromText("p", "b"), [0], Scores(0.7, 0), null, 2);

        Assert.Equal(state.MeanScores(), state.SelectionScores());
        Assert.Equal(state.FrontMapping().Select(f => string.Join(",", f)), state.SelectionFrontMapping().Select(f => string.Join(",", f)));
    }

    [Fact]
    public void AddScores_GivesTheFrontsThatScoringEverythingAtOnceGives()
    {
        var incremental = new GepaState(FrontierType.Instance) { ValsetSize = 4 };
        var atOnce = new GepaState(FrontierType.Instance) { ValsetSize = 4 };
        foreach (var s in new[] { incremental, atOnce })
        {
            s.Add(Candidate.FromText("p", "seed"), [], Scores(0, 1, 0, 1), null, 0);
        }

        incremental.Add(Candidate.FromText("p", "c"), [0], Only((2, 1)), null, 4);
        incremental.AddScores(1, Only((0, 1), (1, 0), (3, 1)), null);
        atOnce.Add(Candidate.FromText("p", "c"), [0], Scores(1, 0, 1, 1), null, 4);

        Assert.True(incremental.IsFullyEvaluated(1));
        Assert.Equal(atOnce.ValSubscores[1], incremental.ValSubscores[1]);
        Assert.Equal([0, 1, 2, 3], incremental.ValSubscores[1].Keys);
        Assert.Equal(atOnce.InstanceFrontPrograms().OrderBy(kv => kv.Key).Select(kv => string.Join(",", kv.Value)), incremental.InstanceFrontPrograms().OrderBy(kv => kv.Key).Select(kv => string.Join(",", kv.Value)));
        Assert.Equal(1, incremental.BestIndex());
    }

    [Fact]
    public void AddScores_AnExampleAlreadyScored_Throws()
    {
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 2 };
        state.Add(Candidate.FromText("p", "seed"), [], Scores(0, 1), null, 0);
        state.Add(Candidate.FromText("p", "c"), [0], Only((0, 1)), null, 2);

        Assert.Throws<InvalidOperationException>(() => state.AddScores(1, Only((0, 0)), null));
    }

    [Fact]
    public void AddScores_ObjectiveMeansAreRecomputedOverAllScoredExamples()
    {
        static Dictionary<int, IReadOnlyDictionary<string, double>> Obj(params (int Id, double V)[] s) =>
            s.ToDictionary(x => x.Id, x => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["acc"] = x.V });
        var state = new GepaState(FrontierType.Instance) { ValsetSize = 2 };
        state.Add(Candidate.FromText("p", "seed"), [], Scores(0.5, 0.5), Obj((0, 0.5), (1, 0.5)), 0);
        state.Add(Candidate.FromText("p", "c"), [0], Only((0, 1)), Obj((0, 1)), 2);
        Assert.Equal([1], state.ObjectiveFrontPrograms()["acc"]);

        state.AddScores(1, Only((1, 0)), Obj((1, 0)));

        Assert.Equal(0.5, state.ObjectiveAggregates[1]["acc"]);
        Assert.Equal([0, 1], state.ObjectiveFrontPrograms()["acc"]);
    }
}
