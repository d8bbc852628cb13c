namespace Gepa.Tests.Programs;

public sealed class ProgramScoreTests
{
    [Fact]
    public void For_ReturnsACopy_LeavingTheOriginalUnchanged()
    {
        var original = ProgramScore.Of(0.5, "overall");

        var withStep = original.For("answer", "be brief").WithObjective("recall", 0.25);

        Assert.Empty(original.StepFeedback);
        Assert.Empty(original.Objectives);
        Assert.Equal("be brief", withStep.StepFeedback["answer"]);
        Assert.Equal(0.25, withStep.Objectives["recall"]);
        Assert.Equal("overall", withStep.Feedback);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Of_NonFiniteScore_Throws(double score) => Assert.Throws<ArgumentOutOfRangeException>(() => ProgramScore.Of(score));
}
