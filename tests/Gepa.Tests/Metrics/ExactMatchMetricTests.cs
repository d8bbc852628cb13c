using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class ExactMatchMetricTests
{
    private static ValueTask<MetricResult> Score(string answer, string response) =>
        new ExactMatchMetric().ScoreAsync(new ChatExample("1", "q", answer), response, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("Paris", "  paris  ")]
    [InlineData("Paris", "**\"Paris.\"**")]
    [InlineData("New York", "new\n\t york!")]
    [InlineData("“Hello”", "hello")]
    [InlineData("(B)", "b")]
    public async Task ScoreAsync_EqualAfterNormalising_ScoresOne(string answer, string response)
    {
        var result = await Score(answer, response);

        Assert.Equal(1, result.Score);
    }

    [Theory]
    [InlineData("-5", "5")]
    [InlineData("C#", "C")]
    [InlineData("50%", "50")]
    [InlineData("Paris", "Paris, France")]
    [InlineData("new york", "newyork")]
    public async Task ScoreAsync_MeaningfulDifference_ScoresZero(string answer, string response)
    {
        var result = await Score(answer, response);

        Assert.Equal(0, result.Score);
        Assert.Contains($"expected answer '{answer}'", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_Mismatch_ShowsTheNormalisedReply()
    {
        var result = await Score("Paris", " The answer is Paris. ");

        Assert.Contains("after normalising, the reply was 'the answer is paris'", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_AppliesEveryDocumentedStep() =>
        Assert.Equal("a b-c", ExactMatchMetric.Normalize(" _'(A   B-C)'_!? "));
}
