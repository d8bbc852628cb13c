namespace Gepa.Memory.Tests;

public sealed class SelfConsistencyMetricTests
{
    private static readonly ChatExample Example = new("e1", "What is 2 + 2?", "4");

    private static async Task<(double Score, string Feedback, int Calls)> Run(int samples, IChatMetric? inner, params string[] replies)
    {
        var ledger = new SelfConsistencyLedger();
        var model = new SeededChatClient(replies);
        using var client = new SelfConsistencyChatClient(model, samples, ledger);
        var adapter = new ChatPromptAdapter(client, new SelfConsistencyMetric(ledger, inner));
        var batch = await adapter.EvaluateAsync([Example], Candidate.FromText("system_prompt", "Answer."), captureTraces: true, TestContext.Current.CancellationToken);
        return (batch.Scores[0], ((ChatPromptTrace)batch.Traces![0]!).Feedback, model.Calls);
    }

    [Fact]
    public async Task ScoreAsync_AllSamplesAgree_ScoresOne()
    {
        var (score, feedback, calls) = await Run(4, null, "Answer: 4", "answer:  4 ");

        Assert.Equal(1, score);
        Assert.Equal(4, calls);
        Assert.Contains("4 of 4 samples agree on \"4\".", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_Disagreement_AgreementAsScoreAndTheOthersQuoted()
    {
        var (score, feedback, _) = await Run(5, null, "Answer: 4", "Answer: 4", "Answer: 5", "Answer: 4", "Answer: four");

        Assert.Equal(0.6, score, 6);
        Assert.Contains("3 of 5 samples agree on \"4\"", feedback, StringComparison.Ordinal);
        Assert.Contains("\"5\" (1)", feedback, StringComparison.Ordinal);
        Assert.Contains("\"four\" (1)", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_WithInnerMetric_InnerScoreAndConfidenceInFeedback()
    {
        var (score, feedback, _) = await Run(2, ChatMetrics.Contains(), "Answer: 4", "Answer: 5");

        Assert.Equal(1, score);
        Assert.Contains("Self-consistency: 1 of 2 samples agree", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_NoSamplesRecorded_FailsNamingTheExample()
    {
        var metric = new SelfConsistencyMetric(new SelfConsistencyLedger());

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await metric.ScoreAsync(Example, "Answer: 4", TestContext.Current.CancellationToken));

        Assert.Contains("e1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OneSample_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SelfConsistencyChatClient(new SeededChatClient("a"), 1, new SelfConsistencyLedger()));
    }
}
