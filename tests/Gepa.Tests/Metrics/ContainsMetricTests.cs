using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class ContainsMetricTests
{
    private static ValueTask<MetricResult> Score(IChatMetric metric, ChatExample example, string response) =>
        metric.ScoreAsync(example, response, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ScoreAsync_AnswerInResponse_ScoresOneAndNamesTheAnswer()
    {
        var result = await Score(new ContainsMetric(), new ChatExample("1", "q", "Paris"), "The capital is Paris.");

        Assert.Equal(1, result.Score);
        Assert.Contains("'Paris'", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_AnswerAbsent_ScoresZeroNamesTheAnswerAndAddsContext()
    {
        var example = new ChatExample("1", "q", "Paris", context: "France's capital city.");

        var result = await Score(new ContainsMetric(), example, "It is Lyon.");

        Assert.Equal(0, result.Score);
        Assert.Equal(
            "The generated response is incorrect. The correct answer is 'Paris'. Ensure that the correct answer is included in the response exactly as it is. Here is some additional context that might be helpful:\nFrance's capital city.",
            result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_DifferentCase_FailsByDefaultLikeTheReference()
    {
        var result = await Score(new ContainsMetric(), new ChatExample("1", "q", "Paris"), "paris");

        Assert.Equal(0, result.Score);
        Assert.DoesNotContain("additional context", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_IgnoreCase_MatchesAnyCase()
    {
        var result = await Score(ChatMetrics.Contains(ignoreCase: true), new ChatExample("1", "q", "Paris"), "PARIS");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_FailureScore_IsUsedWhenAbsent()
    {
        var result = await Score(new ContainsMetric(failureScore: 0.1), new ChatExample("1", "q", "Paris"), "Rome");

        Assert.Equal(0.1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ExampleWithoutAnswer_ThrowsNamingTheExample()
    {
        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(new ContainsMetric(), new ChatExample("ex-9", "q"), "x").AsTask());

        Assert.Equal("ex-9", error.ExampleId);
        Assert.Contains("Example 'ex-9' has no answer", error.Message, StringComparison.Ordinal);
    }
}
