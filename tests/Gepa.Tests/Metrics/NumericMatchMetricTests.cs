using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class NumericMatchMetricTests
{
    private static ValueTask<MetricResult> Score(IChatMetric metric, string answer, string response) =>
        metric.ScoreAsync(new ChatExample("n1", "q", answer), response, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("The total is 1,234.5 dollars.", 1234.5)]
    [InlineData("It dropped to -3 degrees", -3)]
    [InlineData("It dropped to \u22127 degrees", -7)]
    [InlineData("about 1,234,567 people", 1234567)]
    [InlineData("costs $.75", 0.75)]
    [InlineData("1,2345 items", 1)]
    [InlineData("a list: 1,2,3", 1)]
    [InlineData("roughly 2.5e3 units", 2500)]
    [InlineData("42.", 42)]
    [InlineData("from 10-20", 10)]
    public void FirstNumber_ReadsTheDocumentedFormats(string text, double expected) =>
        Assert.Equal(expected, NumericMatchMetric.FirstNumber(text));

    [Fact]
    public void FirstNumber_NoDigits_IsNull() =>
        Assert.Null(NumericMatchMetric.FirstNumber("forty-two"));

    [Fact]
    public async Task ScoreAsync_SameNumberWithSeparators_ScoresOne()
    {
        var result = await Score(ChatMetrics.Numeric(), "$1,234", "The answer is 1234.0 exactly");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_DifferentNumber_ScoresZeroAndNamesBoth()
    {
        var result = await Score(ChatMetrics.Numeric(), "42", "I think 41, not 42");

        Assert.Equal(0, result.Score);
        Assert.Contains("is 41, but the expected answer is 42", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_NoNumberInResponse_SaysSoAndNamesTheAnswer()
    {
        var result = await Score(ChatMetrics.Numeric(), "42", "forty-two");

        Assert.Equal(0, result.Score);
        Assert.Equal("The response contains no number written in digits; the expected answer is 42.", result.Feedback);
    }

    [Theory]
    [InlineData(0.5, 0, "10.4", 1)]
    [InlineData(0.5, 0, "10.6", 0)]
    [InlineData(0, 0.1, "109", 1)]
    [InlineData(0, 0.1, "111", 0)]
    public async Task ScoreAsync_Tolerances_AreTheLargerOfAbsoluteAndRelative(double absolute, double relative, string response, double expected)
    {
        var result = await Score(ChatMetrics.Numeric(absolute, relative), absolute > 0 ? "10" : "100", response);

        Assert.Equal(expected, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_DefaultTolerance_AbsorbsFloatingPointNoise()
    {
        var result = await Score(ChatMetrics.Numeric(), "0.3", FormattableString.Invariant($"{0.1 + 0.2:R}"));

        Assert.Equal(1, result.Score);
    }

    [Theory]
    [InlineData("three")]
    [InlineData("3/4")]
    public async Task ScoreAsync_AnswerWithoutExactlyOneNumber_ThrowsNamingTheExample(string answer)
    {
        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(ChatMetrics.Numeric(), answer, "3").AsTask());

        Assert.Equal("n1", error.ExampleId);
        Assert.Contains("must contain exactly one number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NegativeTolerance_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NumericMatchMetric(absoluteTolerance: -1));

        Assert.Equal("absoluteTolerance", error.ParamName);
    }
}
