namespace Gepa.Tests.Stopping;

public sealed class StopConditionsTests
{
    private static StopContext Context(int iteration = 1, int proposals = 0, double best = 0.5, TimeSpan elapsed = default, long tokensIn = 0, long tokensOut = 0) =>
        new(iteration, 100, 1000, 3, best, proposals, elapsed, tokensIn, tokensOut);

    [Fact]
    public void Timeout_BeforeAndAfterTheLimit_StopsOnlyAfter()
    {
        var c = StopConditions.Timeout(TimeSpan.FromMinutes(5));

        Assert.Null(c.ShouldStop(Context(elapsed: TimeSpan.FromMinutes(4))));
        Assert.Contains("time limit", c.ShouldStop(Context(elapsed: TimeSpan.FromMinutes(5))), StringComparison.Ordinal);
    }

    [Fact]
    public void NoImprovement_StalledForNIterations_Stops()
    {
        var c = StopConditions.NoImprovement(3);

        Assert.Null(c.ShouldStop(Context(iteration: 1, best: 0.2)));
        Assert.Null(c.ShouldStop(Context(iteration: 2, best: 0.4)));
        Assert.Null(c.ShouldStop(Context(iteration: 4, best: 0.4)));
        Assert.Contains("not improved for 3 iterations", c.ShouldStop(Context(iteration: 5, best: 0.4)), StringComparison.Ordinal);
    }

    [Fact]
    public void NoImprovement_ImprovementResetsTheCount()
    {
        var c = StopConditions.NoImprovement(2);
        Assert.Null(c.ShouldStop(Context(iteration: 1, best: 0.2)));
        Assert.Null(c.ShouldStop(Context(iteration: 2, best: 0.2)));

        Assert.Null(c.ShouldStop(Context(iteration: 3, best: 0.3)));
        Assert.Null(c.ShouldStop(Context(iteration: 4, best: 0.3)));
    }

    [Fact]
    public void NoImprovement_ARisingLeaderWithAStaleBest_IsProgress()
    {
        // Under adaptive validation the best fully evaluated score waits for the end of the run; the leader's does not.
        var c = StopConditions.NoImprovement(2);
        Assert.Null(c.ShouldStop(new StopContext(1, 0, null, 1, 0.2, 0, TimeSpan.Zero, leaderScore: 0.2)));
        Assert.Null(c.ShouldStop(new StopContext(2, 0, null, 1, 0.2, 0, TimeSpan.Zero, leaderScore: 0.3)));
        Assert.Null(c.ShouldStop(new StopContext(3, 0, null, 1, 0.2, 0, TimeSpan.Zero, leaderScore: 0.4)));
        Assert.Null(c.ShouldStop(new StopContext(4, 0, null, 1, 0.2, 0, TimeSpan.Zero, leaderScore: 0.4)));
        Assert.NotNull(c.ShouldStop(new StopContext(5, 0, null, 1, 0.2, 0, TimeSpan.Zero, leaderScore: 0.4)));
    }

    [Fact]
    public void ScoreThreshold_Reached_Stops()
    {
        var c = StopConditions.ScoreThreshold(0.9);

        Assert.Null(c.ShouldStop(Context(best: 0.89)));
        Assert.NotNull(c.ShouldStop(Context(best: 0.9)));
    }

    [Fact]
    public void StopFile_Appears_Stops()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gepa-stop-{Guid.NewGuid():N}");
        var c = StopConditions.StopFile(path);
        Assert.Null(c.ShouldStop(Context()));

        File.WriteAllText(path, "");
        try
        {
            Assert.Contains(path, c.ShouldStop(Context()), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MaxProposals_Reached_Stops()
    {
        var c = StopConditions.MaxProposals(10);

        Assert.Null(c.ShouldStop(Context(proposals: 9)));
        Assert.NotNull(c.ShouldStop(Context(proposals: 10)));
    }

    [Fact]
    public void MaxReflectionTokens_CountsInputAndOutput()
    {
        var c = StopConditions.MaxReflectionTokens(1000);

        Assert.Null(c.ShouldStop(Context(tokensIn: 600, tokensOut: 399)));
        Assert.NotNull(c.ShouldStop(Context(tokensIn: 600, tokensOut: 400)));
    }

    [Fact]
    public void MaxReflectionCost_AtThePrices_Stops()
    {
        // 1M input tokens at 2.50 and 100k output at 10.00: 2.50 + 1.00 = 3.50.
        var c = StopConditions.MaxReflectionCost(3.5m, 2.5m, 10m);

        Assert.Null(c.ShouldStop(Context(tokensIn: 1_000_000, tokensOut: 99_999)));
        Assert.Contains("3.5", c.ShouldStop(Context(tokensIn: 1_000_000, tokensOut: 100_000)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnyAndAll_Combine()
    {
        var threshold = StopConditions.ScoreThreshold(0.9);
        var proposals = StopConditions.MaxProposals(5);

        Assert.NotNull(StopConditions.Any(threshold, proposals).ShouldStop(Context(best: 0.95, proposals: 1)));
        Assert.Null(StopConditions.All(threshold, proposals).ShouldStop(Context(best: 0.95, proposals: 1)));
        Assert.Contains(" and ", StopConditions.All(threshold, proposals).ShouldStop(Context(best: 0.95, proposals: 5)), StringComparison.Ordinal);
    }

    [Fact]
    public void OnSignal_Requested_StopsSayingTheStateIsConsistent()
    {
        using var c = StopConditions.OnSignal();
        Assert.Null(c.ShouldStop(Context()));

        c.Request("SIGINT");

        Assert.True(c.Requested);
        Assert.Contains("SIGINT", c.ShouldStop(Context()), StringComparison.Ordinal);
    }
}
