namespace Gepa.Tests.Engine;

public sealed class FrontierTypeTests
{
    private static GepaState StateWith(FrontierType type)
    {
        var state = new GepaState(type);
        static IReadOnlyDictionary<string, double> O(double hit, double brevity) => new Dictionary<string, double> { ["hit"] = hit, ["brevity"] = brevity };

        // Candidate 0 wins example 0 and brevity; candidate 1 wins example 1 and hit.
        state.Add(Candidate.FromText("p", "a"), [], new Dictionary<int, double> { [0] = 1, [1] = 0 }, new Dictionary<int, IReadOnlyDictionary<string, double>> { [0] = O(1, 0.9), [1] = O(0, 0.9) }, 0);
        state.Add(Candidate.FromText("p", "b"), [0], new Dictionary<int, double> { [0] = 0, [1] = 1 }, new Dictionary<int, IReadOnlyDictionary<string, double>> { [0] = O(1, 0.1), [1] = O(1, 0.1) }, 2);
        return state;
    }

    [Fact]
    public void Instance_OneKeyPerValidationExample()
    {
        var fronts = StateWith(FrontierType.Instance).FrontMapping();

        Assert.Equal([[0], [1]], fronts.Select(f => f.ToArray()));
    }

    [Fact]
    public void Objective_OneKeyPerObjectiveOnTheMean()
    {
        var state = StateWith(FrontierType.Objective);

        Assert.Equal([[1], [0]], state.FrontMapping().Select(f => f.ToArray()));
        Assert.Equal(1.0, state.ObjectiveFrontScores()["hit"]);
        Assert.Equal(0.9, state.ObjectiveFrontScores()["brevity"]);
    }

    [Fact]
    public void Hybrid_IsInstanceKeysThenObjectiveKeys()
    {
        var fronts = StateWith(FrontierType.Hybrid).FrontMapping();

        Assert.Equal([[0], [1], [1], [0]], fronts.Select(f => f.ToArray()));
    }

    [Fact]
    public void Cartesian_OneKeyPerExampleAndObjective()
    {
        var fronts = StateWith(FrontierType.Cartesian).FrontMapping();

        // (0,hit): tie {0,1}; (0,brevity): {0}; (1,hit): {1}; (1,brevity): {0}.
        Assert.Equal([[0, 1], [0], [1], [0]], fronts.Select(f => f.ToArray()));
    }
}
