using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class LlmJudgeMetricTests
{
    private static readonly ChatExample Example = new("ex-1", "What is 2+2?", "4", context: "arithmetic");

    private static ValueTask<MetricResult> Score(IChatMetric metric, string response = "5") =>
        metric.ScoreAsync(Example, response, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ScoreAsync_JsonVerdict_GivesScoreAndFeedbackWithTheExpectedAnswer()
    {
        var judge = FakeChatClient.Replying("""{"score": 0.25, "feedback": "The sum is wrong."}""");

        var result = await Score(ChatMetrics.LlmJudge(judge));

        Assert.Equal(0.25, result.Score);
        Assert.Equal("Judge (score 0.25): The sum is wrong. The expected answer is '4'.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_FencedJsonWithStringScore_IsRead()
    {
        var judge = FakeChatClient.Replying("Verdict:\n```json\n{\"Score\": \"1\", \"Feedback\": \"Correct.\"}\n```");

        var result = await Score(ChatMetrics.LlmJudge(judge), "4");

        Assert.Equal(1, result.Score);
        Assert.Equal("Judge (score 1): Correct.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_ScoreAndFeedbackLines_AreRead()
    {
        var judge = FakeChatClient.Replying("**Score:** 0.5\n**Feedback:** Half right.\nShow the working.");

        var result = await Score(ChatMetrics.LlmJudge(judge));

        Assert.Equal(0.5, result.Score);
        Assert.StartsWith("Judge (score 0.5): Half right.\nShow the working.", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_FeedbackLineBeforeScoreLine_StopsAtTheScore()
    {
        var judge = FakeChatClient.Replying("Feedback: Too long.\nScore: 0.4");

        var result = await Score(ChatMetrics.LlmJudge(judge));

        Assert.Equal(0.4, result.Score);
        Assert.Equal("Judge (score 0.4): Too long. The expected answer is '4'.", result.Feedback);
    }

    [Theory]
    [InlineData("I think it is fine.", "it contains no score")]
    [InlineData("Score: 8", "the score 8 is outside [0, 1]")]
    [InlineData("""{"score": -0.5, "feedback": "x"}""", "the score -0.5 is outside [0, 1]")]
    public async Task ScoreAsync_UnreadableVerdict_ThrowsNamingTheExample(string reply, string problem)
    {
        var metric = ChatMetrics.LlmJudge(FakeChatClient.Replying(reply));

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(metric).AsTask());

        Assert.Equal("ex-1", error.ExampleId);
        Assert.Contains("example 'ex-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_TruncatedUnreadableVerdict_SaysItWasTruncated()
    {
        var metric = ChatMetrics.LlmJudge(FakeChatClient.Replying("{\"score\": 0.", ChatFinishReason.Length));

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(metric).AsTask());

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_JudgeCallFailsInTransport_ThrowsATransportFailureNamingTheExample()
    {
        var judge = new FakeChatClient((_, _, _) => throw new HttpRequestException("503 Service Unavailable"));

        var error = await Assert.ThrowsAsync<ModelTransportException>(() => Score(ChatMetrics.LlmJudge(judge)).AsTask());

        Assert.Equal("judge", error.Role);
        Assert.Equal("The judge model failed on example 'ex-1': 503 Service Unavailable", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task ScoreAsync_JudgeCallThrowsOtherwise_ThrowsAnExampleFailure()
    {
        var judge = new FakeChatClient((_, _, _) => throw new InvalidOperationException("no choices"));

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => Score(ChatMetrics.LlmJudge(judge)).AsTask());

        Assert.Equal("The judge model failed on example 'ex-1': no choices", error.Message);
    }

    [Fact]
    public async Task ScoreAsync_SendsTheRenderedPromptAndAClonedOptionsObject()
    {
        var judge = FakeChatClient.Replying("""{"score": 1, "feedback": "ok"}""");
        var options = new ChatOptions { Temperature = 0 };
        var metric = ChatMetrics.LlmJudge(judge, "Q={input} A={answer} R={response} C={context}", options);

        await Score(metric, "four {answer}");

        var call = Assert.Single(judge.Calls);
        var message = Assert.Single(call.Messages);
        Assert.Equal(ChatRole.User, message.Role);
        // Single-pass substitution: the "{answer}" inside the response is not expanded.
        Assert.Equal("Q=What is 2+2? A=4 R=four {answer} C=arithmetic", message.Text);
        Assert.NotSame(options, call.Options);
        Assert.Equal(0f, call.Options!.Temperature);
    }

    [Fact]
    public void RenderPrompt_DefaultTemplate_ShowsMissingAnswerAsNone()
    {
        var metric = new LlmJudgeMetric(FakeChatClient.Replying("unused"));

        var prompt = metric.RenderPrompt(new ChatExample("1", "Write a haiku."), "Leaves fall");

        Assert.Contains("Write a haiku.", prompt, StringComparison.Ordinal);
        Assert.Contains("Expected answer (may be \"(none)\"):\n(none)", prompt, StringComparison.Ordinal);
        Assert.Contains("Leaves fall", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{input}", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TemplateWithoutResponse_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new LlmJudgeMetric(FakeChatClient.Replying("x"), "Grade {input}"));
}
