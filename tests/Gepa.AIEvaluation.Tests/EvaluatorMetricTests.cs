using Microsoft.Extensions.AI.Evaluation;
using AIEvaluationContext = Microsoft.Extensions.AI.Evaluation.EvaluationContext;

namespace Gepa.AIEvaluation.Tests;

public sealed class EvaluatorMetricTests
{
    private static readonly ChatExample Example = new("e1", "Where is the Eiffel Tower?", "Paris", "The Eiffel Tower is in Paris.");

    private static EvaluationResult Relevance(double? value, string reason) =>
        new(new NumericMetric("Relevance", value, reason)
        {
            Interpretation = new EvaluationMetricInterpretation(EvaluationRating.Poor, failed: true, "Below the bar of 4"),
        });

    [Fact]
    public async Task ScoreAsync_NumericMetric_ScaledAndReasonsBecomeFeedback()
    {
        var evaluator = new FakeEvaluator(_ => Relevance(2, "The answer names a city but not the right one."), "Relevance");

        var result = await new EvaluatorMetric(evaluator).ScoreAsync(Example, "Lyon.", TestContext.Current.CancellationToken);

        Assert.Equal(0.25, result.Score, 6);
        Assert.Equal("Relevance: 2 (poor, failed). The answer names a city but not the right one. Below the bar of 4.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_ExampleAndResponse_GivenToTheEvaluatorWithContext()
    {
        var evaluator = new FakeEvaluator(_ => Relevance(5, ""), "Relevance");
        var configuration = new ChatConfiguration(new NullChatClient());
        var options = new EvaluatorMetricOptions { ChatConfiguration = configuration, Context = e => [new GroundingContext(e.Context!)] };

        var result = await new EvaluatorMetric(evaluator, options).ScoreAsync(Example, "Paris.", TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Score);
        var call = Assert.Single(evaluator.Calls);
        Assert.Contains("Where is the Eiffel Tower?", call.Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("Paris.", call.Response);
        Assert.Same(configuration, call.Configuration);
        Assert.Equal("grounding", Assert.Single(call.Context).Name);
    }

    [Fact]
    public async Task ScoreAsync_BooleanMetricChosenByName_OneOrZeroAndOtherMetricsInFeedback()
    {
        var evaluator = new FakeEvaluator(
            r => new EvaluationResult(new NumericMetric("Fluency", 4, "Reads well."), new BooleanMetric("Grounded", r.Contains("Paris", StringComparison.Ordinal), "Checked against the grounding text.")),
            "Fluency",
            "Grounded");
        var metric = new EvaluatorMetric(evaluator, new EvaluatorMetricOptions { MetricName = "Grounded" });

        var good = await metric.ScoreAsync(Example, "Paris.", TestContext.Current.CancellationToken);
        var bad = await metric.ScoreAsync(Example, "Rome.", TestContext.Current.CancellationToken);

        Assert.Equal(1, good.Score);
        Assert.Equal(0, bad.Score);
        Assert.StartsWith("Grounded: no. Checked against the grounding text. Fluency: 4. Reads well.", bad.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_NoValueWithErrorDiagnostic_FailsInsteadOfScoringZero()
    {
        var evaluator = new FakeEvaluator(
            _ =>
            {
                var metric = new NumericMetric("Relevance");
                metric.AddDiagnostics(EvaluationDiagnostic.Error("The judge reply could not be parsed"));
                return new EvaluationResult(metric);
            },
            "Relevance");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new EvaluatorMetric(evaluator).ScoreAsync(Example, "x", TestContext.Current.CancellationToken));

        Assert.Contains("The judge reply could not be parsed", e.Message, StringComparison.Ordinal);
        Assert.Contains("e1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_MetricMissing_FailsNamingWhatCameBack()
    {
        var evaluator = new FakeEvaluator(_ => new EvaluationResult(new NumericMetric("Coherence", 3)), "Relevance");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new EvaluatorMetric(evaluator).ScoreAsync(Example, "x", TestContext.Current.CancellationToken));

        Assert.Contains("returned: Coherence", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_EvaluatorMetric_DrivesAChatPromptAdapter()
    {
        var evaluator = new FakeEvaluator(r => Relevance(r.Contains("Paris", StringComparison.Ordinal) ? 5 : 1, "Judged."), "Relevance");
        var adapter = new ChatPromptAdapter(new EchoChatClient(), new EvaluatorMetric(evaluator));

        var batch = await adapter.EvaluateAsync([Example], Candidate.FromText("system_prompt", "Paris"), captureTraces: true, TestContext.Current.CancellationToken);

        Assert.Equal(1, batch.Scores[0]);
        Assert.Contains("Relevance: 5", ((ChatPromptTrace)batch.Traces![0]!).Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadScale_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvaluatorMetric(new FakeEvaluator(_ => Relevance(1, ""), "Relevance"), new EvaluatorMetricOptions { NumericMin = 5, NumericMax = 1 }));

        Assert.Contains("NumericMax", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Grounding text for an evaluator (MEAI's context type is abstract; its evaluators bring their own).</summary>
internal sealed class GroundingContext(string text) : AIEvaluationContext("grounding", text);
