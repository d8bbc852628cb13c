namespace Gepa.Tests.Sampling;

public sealed class FocusedMinibatchTests
{
    // 0 is the seed; 1 and 2 are its children; 3 is 1's child; 4 is a merge of 3 and 2.
    private static readonly List<int[]> Lineage = [[], [0], [0], [1], [3, 2]];

    [Fact]
    public void Predict_OwnObservationComesFirst()
    {
        var observed = new Dictionary<int, Dictionary<int, double>> { [0] = new() { [5] = 0 }, [3] = new() { [5] = 1 } };

        Assert.Equal(1, FocusedMinibatch.Predict(3, 5, Lineage, observed));
    }

    [Fact]
    public void Predict_FallsBackToTheNearestAncestorOnTheFirstParentLine()
    {
        var observed = new Dictionary<int, Dictionary<int, double>>
        {
            [0] = new() { [5] = 0, [6] = 0 },
            [1] = new() { [5] = 1 },
            [2] = new() { [6] = 1 },
        };

        Assert.Equal(1, FocusedMinibatch.Predict(4, 5, Lineage, observed)); // 4 → 3 → 1
        Assert.Equal(0, FocusedMinibatch.Predict(4, 6, Lineage, observed)); // 2 is not on the first-parent line: 4 → 3 → 1 → 0
        Assert.Null(FocusedMinibatch.Predict(4, 7, Lineage, observed));
    }

    [Fact]
    public void Choose_TakesExamplesNotPredictedToPassAndOneGuard()
    {
        var state = new AdaptiveState();
        var pass = new HashSet<int>(Enumerable.Range(0, 20).Where(i => i % 4 != 0)); // passes 15 of 20

        var batch = FocusedMinibatch.Choose(state, 3, 1, 20, pass.Contains, new PythonRandom(1));

        Assert.Equal(3, batch.Count);
        Assert.Equal(2, batch.Count(i => !pass.Contains(i)));
        Assert.Single(batch, pass.Contains);
        Assert.Equal(batch.Count, batch.Distinct().Count());
    }

    [Fact]
    public void Choose_WithoutGuards_TakesOnlyOpenExamplesWhileThereAreEnough()
    {
        var state = new AdaptiveState();
        var pass = new HashSet<int>(Enumerable.Range(0, 30).Where(i => i % 5 != 0)); // six open examples
        var seen = new List<int>();

        for (var i = 0; i < 2; i++)
        {
            var batch = FocusedMinibatch.Choose(state, 3, 0, 30, pass.Contains, new PythonRandom(2));
            Assert.DoesNotContain(batch, pass.Contains);
            seen.AddRange(batch);
        }

        // One pass over the training set serves the six open examples once each.
        Assert.Equal([0, 5, 10, 15, 20, 25], seen.Order());
    }

    [Fact]
    public void Choose_WhenTooFewAreOpen_FillsWithExamplesPredictedToPass()
    {
        var state = new AdaptiveState();

        var batch = FocusedMinibatch.Choose(state, 3, 0, 10, i => i != 7, new PythonRandom(3));

        Assert.Equal(3, batch.Count);
        Assert.Contains(7, batch);
        Assert.Equal(3, batch.Distinct().Count());
    }

    [Fact]
    public void Choose_IsDeterministicAndResumesFromItsState()
    {
        static List<List<int>> Draw(AdaptiveState state, PythonRandom random, int n) =>
            [.. Enumerable.Range(0, n).Select(_ => FocusedMinibatch.Choose(state, 3, 1, 12, i => i % 3 == 0, random))];

        var whole = Draw(new AdaptiveState(), new PythonRandom(4), 8);

        var state = new AdaptiveState();
        var random = new PythonRandom(4);
        var first = Draw(state, random, 3);
        var copy = AdaptiveState.FromJson(state.ToJson());
        var rest = Draw(copy, PythonRandom.FromState(random.GetState()), 5);

        Assert.Equal(whole, [.. first, .. rest]);
    }

    [Fact]
    public void Choose_TrainsetSmallerThanTheMinibatch_TakesEveryExampleOnce()
    {
        var batch = FocusedMinibatch.Choose(new AdaptiveState(), 3, 1, 2, _ => false, new PythonRandom(5));

        Assert.Equal([0, 1], batch.Order());
    }

    [Fact]
    public void Split_PutsTheParentsFailuresFirst()
    {
        var (failed, passed) = FocusedMinibatch.Split([1, 0, 0.5, 1], perfectScore: 1);

        Assert.Equal([1, 2], failed);
        Assert.Equal([0, 3], passed);
    }

    [Theory]
    [InlineData(0.0, 0.0, true, true)] // fixed nothing: cannot beat the parent
    [InlineData(1.0, 0.0, true, false)] // fixed one: may still be accepted
    [InlineData(0.5, 0.5, true, true)]
    [InlineData(0.5, 0.5, false, false)] // "not worse" accepts a tie
    [InlineData(0.4, 0.5, false, true)]
    public void CannotBeAccepted_NeedsTheChildAheadOnTheParentsFailures(double child, double parent, bool strict, bool expected) =>
        Assert.Equal(expected, FocusedMinibatch.CannotBeAccepted(child, parent, strict));
}
