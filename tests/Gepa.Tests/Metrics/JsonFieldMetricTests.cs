using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class JsonFieldMetricTests
{
    private static ValueTask<MetricResult> Score(IChatMetric metric, string response, string? answer = "positive", IReadOnlyDictionary<string, string>? fields = null) =>
        metric.ScoreAsync(new ChatExample("j1", "q", answer, fields: fields), response, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ScoreAsync_PlainJsonWithMatchingField_ScoresOne()
    {
        var result = await Score(ChatMetrics.JsonField("result.label"), """{"result": {"label": "Positive "}}""");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_JsonInFencedBlockAfterProse_IsFound()
    {
        var response = "Here is my answer:\n```json\n{\"result\": {\"label\": \"positive\"}}\n```\nHope that helps.";

        var result = await Score(ChatMetrics.JsonField("result.label"), response);

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_JsonEmbeddedInProseWithoutFence_IsFound()
    {
        var result = await Score(ChatMetrics.JsonField("label"), "Sure! {\"label\": \"positive\"} is my verdict.");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_NotJson_SaysNotJsonAndNamesTheExpectedValue()
    {
        var result = await Score(ChatMetrics.JsonField("result.label"), "positive");

        Assert.Equal(0, result.Score);
        Assert.StartsWith("The response is not JSON (", result.Feedback, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object whose field 'result.label' is 'positive'", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_EmptyResponse_SaysNotJson()
    {
        var result = await Score(ChatMetrics.JsonField("label"), "   ");

        Assert.StartsWith("The response is not JSON (the reply is empty)", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_FieldMissing_SaysWhichPartIsMissing()
    {
        var result = await Score(ChatMetrics.JsonField("result.label"), """{"result": {"class": "positive"}}""");

        Assert.Equal(0, result.Score);
        Assert.Equal("The JSON in the response has the field 'result.label' missing ('result' has no 'label'); expected a JSON object whose field 'result.label' is 'positive'.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_ParentIsNotAnObject_SaysSo()
    {
        var result = await Score(ChatMetrics.JsonField("result.label"), """{"result": "positive"}""");

        Assert.Contains("field 'result.label' missing ('result' is a string, not an object)", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_WrongValue_NamesActualAndExpected()
    {
        var result = await Score(ChatMetrics.JsonField("label"), """{"label": "negative"}""");

        Assert.Equal(0, result.Score);
        Assert.Equal("The field 'label' is 'negative', but the expected answer is 'positive'.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_CaseSensitiveOption_RejectsOtherCase()
    {
        var result = await Score(ChatMetrics.JsonField("label", ignoreCase: false), """{"label": "Positive"}""");

        Assert.Equal(0, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ArrayIndexSegment_IndexesTheArray()
    {
        var result = await Score(ChatMetrics.JsonField("items.1.label"), """{"items": [{"label": "x"}, {"label": "positive"}]}""");

        Assert.Equal(1, result.Score);
    }

    [Theory]
    [InlineData("""{"n": 1.0}""", "1", 1)]
    [InlineData("""{"n": 2}""", "1", 0)]
    [InlineData("""{"ok": true}""", "True", 1)]
    [InlineData("""{"tags": ["a", "b"]}""", """["a","b"]""", 1)]
    [InlineData("""{"tags": ["b", "a"]}""", """["a","b"]""", 0)]
    public async Task ScoreAsync_NonStringValues_CompareByValue(string response, string answer, double expected)
    {
        var path = response.Contains("\"n\"", StringComparison.Ordinal) ? "n" : response.Contains("ok", StringComparison.Ordinal) ? "ok" : "tags";

        var result = await Score(ChatMetrics.JsonField(path), response, answer);

        Assert.Equal(expected, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ExpectedField_ReadsTheExampleField()
    {
        var fields = new Dictionary<string, string> { ["expected_label"] = "neutral" };

        var result = await Score(ChatMetrics.JsonField("label", expectedField: "expected_label"), """{"label": "neutral"}""", answer: null, fields);

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_ExpectedFieldAbsentFromExample_ThrowsNamingTheExample()
    {
        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(ChatMetrics.JsonField("label", expectedField: "expected_label"), "{}").AsTask());

        Assert.Equal("j1", error.ExampleId);
        Assert.Contains("no field 'expected_label'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("result..label")]
    public void Constructor_BadPath_IsRejected(string path) =>
        Assert.ThrowsAny<ArgumentException>(() => new JsonFieldMetric(path));
}
