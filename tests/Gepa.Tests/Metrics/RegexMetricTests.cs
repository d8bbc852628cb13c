using System.Text.RegularExpressions;
using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class RegexMetricTests
{
    private static ValueTask<MetricResult> Score(IChatMetric metric, ChatExample example, string response) =>
        metric.ScoreAsync(example, response, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ScoreAsync_ConfiguredPatternMatches_ScoresOne()
    {
        var result = await Score(ChatMetrics.Regex(@"^\d{3}-\d{4}$"), new ChatExample("1", "q"), "555-1234");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ConfiguredPatternFails_NamesPatternAndAnswer()
    {
        var result = await Score(ChatMetrics.Regex(@"^\d{3}-\d{4}$"), new ChatExample("1", "q", "555-1234"), "call 555-1234");

        Assert.Equal(0, result.Score);
        Assert.Equal(@"The response does not match the required pattern /^\d{3}-\d{4}$/. The expected answer is '555-1234'.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_NoConfiguredPattern_UsesTheAnswerAsPattern()
    {
        var metric = new RegexMetric();

        var hit = await Score(metric, new ChatExample("1", "q", "colou?r"), "The color is red");
        var miss = await Score(metric, new ChatExample("2", "q", "colou?r"), "The hue is red");

        Assert.Equal(1, hit.Score);
        Assert.Equal(0, miss.Score);
        Assert.Contains("'colou?r'", miss.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_IgnoreCaseOption_IsApplied()
    {
        var result = await Score(ChatMetrics.Regex("yes", RegexOptions.IgnoreCase), new ChatExample("1", "q"), "YES");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_InvalidAnswerPattern_ThrowsNamingTheExample()
    {
        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(new RegexMetric(), new ChatExample("ex-3", "q", "(unclosed"), "x").AsTask());

        Assert.Equal("ex-3", error.ExampleId);
        Assert.Contains("not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidPattern_NamesThePattern()
    {
        var error = Assert.Throws<ArgumentException>(() => new RegexMetric("[a-"));

        Assert.Contains("'[a-'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_CatastrophicBacktracking_TimesOutWithAnErrorNamingTheExample()
    {
        var metric = new RegexMetric(@"^(a+)+$", timeout: TimeSpan.FromMilliseconds(20));

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(metric, new ChatExample("slow", "q"), new string('a', 40) + "!").AsTask());

        Assert.Equal("slow", error.ExampleId);
        Assert.IsType<RegexMatchTimeoutException>(error.InnerException);
    }

    [Fact]
    public void Constructor_NonPositiveTimeout_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegexMetric("x", timeout: TimeSpan.Zero));
}
