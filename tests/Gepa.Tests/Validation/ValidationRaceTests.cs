namespace Gepa.Tests.Validation;

public sealed class ValidationRaceTests
{
    private static Dictionary<int, double> Scores(params double[] s) => s.Select((v, i) => (v, i)).ToDictionary(x => x.i, x => x.v);

    [Fact]
    public void Judge_NoDisagreement_GoesOnWithoutVerdict()
    {
        var v = ValidationRace.Judge(Scores(1, 0, 1, 1), Scores(1, 0, 1, 1), 1.0, 1.0);

        Assert.True(v.CanStillWin);
        Assert.False(v.HasWon);
        Assert.Equal(4, v.Shared);
        Assert.Equal(0, v.Disagreements);
    }

    [Fact]
    public void Judge_OneLossAtZ1_IsNotYetEvidence()
    {
        // One loss in a sign test is one standard error: not beyond z = 1.
        var v = ValidationRace.Judge(Scores(0, 1, 1, 1, 1), Scores(1, 1, 1, 1, 1), 1.0, 1.0);

        Assert.True(v.CanStillWin);
        Assert.Equal(1, v.Losses);
    }

    [Fact]
    public void Judge_TwoLossesNoWinAtZ1_StopsTheChallenger()
    {
        // Net loss 2 > 1 * sqrt(2).
        var v = ValidationRace.Judge(Scores(0, 0, 1, 1, 1), Scores(1, 1, 1, 1, 1), 1.0, 1.0);

        Assert.False(v.CanStillWin);
        Assert.False(v.HasWon);
    }

    [Fact]
    public void Judge_LossesBalancedByWins_GoesOn()
    {
        var v = ValidationRace.Judge(Scores(0, 0, 1, 1, 0), Scores(1, 1, 0, 0, 0), 1.0, 1.0);

        Assert.True(v.CanStillWin);
        Assert.False(v.HasWon);
        Assert.Equal(0.8, v.DisagreementRate, 10);
    }

    [Fact]
    public void Judge_NetWinBeyondWinConfidence_HasWon()
    {
        // Net win 3 > 1.5 * sqrt(3) = 2.6, but not > 2 * sqrt(3).
        var challenger = Scores(1, 1, 1, 1, 1, 1);
        var incumbent = Scores(0, 0, 0, 1, 1, 1);

        Assert.True(ValidationRace.Judge(challenger, incumbent, 1.0, 1.5).HasWon);
        Assert.False(ValidationRace.Judge(challenger, incumbent, 1.0, 2.0).HasWon);
    }

    [Fact]
    public void Judge_OnlySharedExamplesCount()
    {
        var challenger = new Dictionary<int, double> { [0] = 0, [1] = 0, [7] = 1 };
        var incumbent = new Dictionary<int, double> { [0] = 1, [1] = 1, [2] = 1 };

        var v = ValidationRace.Judge(challenger, incumbent, 1.0, 1.0);

        Assert.Equal(2, v.Shared);
        Assert.Equal(0, v.Wins);
        Assert.False(v.CanStillWin);
    }

    [Fact]
    public void Judge_ContinuousScores_WeighsMargins()
    {
        // Small wins do not outweigh one large loss: net -0.6 against se sqrt(0.01 * 4 + 1) = 1.02 (z = 0.5).
        var v = ValidationRace.Judge(Scores(0.6, 0.6, 0.6, 0.6, 0), Scores(0.5, 0.5, 0.5, 0.5, 1), 0.5, 1.0);

        Assert.Equal(0.4, v.Wins, 10);
        Assert.Equal(1.0, v.Losses, 10);
        Assert.False(v.CanStillWin);
    }

    [Fact]
    public void FirstStageSize_BeforeAnyRace_IsTheInitialStage()
    {
        var o = new AdaptiveBudgetOptions();

        Assert.Equal(o.InitialFirstStage, ValidationRace.FirstStageSize(o, null, 60));
    }

    [Theory]
    [InlineData(1.0, 5)] // moving a lot: 4 disagreements take 4 examples, raised to the minimum
    [InlineData(0.5, 8)]
    [InlineData(0.25, 16)]
    [InlineData(0.1, 20)] // barely moving: 40 examples wanted, capped at the maximum
    [InlineData(0.0, 20)]
    public void FirstStageSize_FollowsTheDisagreementRateWithinBounds(double movement, int expected)
    {
        var o = new AdaptiveBudgetOptions { MinFirstStage = 5, MaxFirstStage = 20, TargetDisagreements = 4 };

        Assert.Equal(expected, ValidationRace.FirstStageSize(o, movement, 60));
    }

    [Fact]
    public void FirstStageSize_IsClampedToTheValset()
    {
        var o = new AdaptiveBudgetOptions { MinFirstStage = 5, MaxFirstStage = 20 };

        Assert.Equal(3, ValidationRace.FirstStageSize(o, 0.01, 3));
        Assert.Equal(3, ValidationRace.FirstStageSize(o, null, 3));
    }

    [Fact]
    public void NextStageSize_GrowsGeometricallyUpToTheValset()
    {
        var o = new AdaptiveBudgetOptions { StageGrowth = 2 };

        Assert.Equal(10, ValidationRace.NextStageSize(o, 5, 60));
        Assert.Equal(40, ValidationRace.NextStageSize(o, 20, 60));
        Assert.Equal(60, ValidationRace.NextStageSize(o, 40, 60));
        Assert.Equal(2, ValidationRace.NextStageSize(new AdaptiveBudgetOptions { StageGrowth = 1.01 }, 1, 60));
    }

    [Fact]
    public void Order_IsAPermutationFixedBySeed()
    {
        var a = ValidationRace.Order(3, 60);

        Assert.Equal(Enumerable.Range(0, 60), a.Order());
        Assert.Equal(a, ValidationRace.Order(3, 60));
        Assert.NotEqual(a, ValidationRace.Order(4, 60));
        Assert.NotEqual(Enumerable.Range(0, 60), a);
    }
}
