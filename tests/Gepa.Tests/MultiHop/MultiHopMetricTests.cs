using Gepa.MultiHop;
using Gepa.Programs;

namespace Gepa.Tests.MultiHop;

public sealed class MultiHopMetricTests
{
    private static readonly Passage[] s_corpus = [new("Film X", "Film X was directed by Ada Varn."), new("Ada Varn", "Ada Varn was born in Corvel."), new("Other", "Nothing.")];
    private static readonly MultiHopExample s_example = new("q", "In which city was the director of Film X born?", "Corvel", "bridge", ["Film X", "Ada Varn"], [new("Film X", "Film X was directed by Ada Varn."), new("Ada Varn", "Ada Varn was born in Corvel.")]);
    private static readonly MetricContext s_feedback = new(true, Candidate.FromText("answer", "x"));

    [Fact]
    public void Score_MissingGoldDocument_QueryWriterGetsItsTextAndAnswerIsNotBlamed()
    {
        var prediction = new MultiHopPrediction("The answer is Oslo.", [["Film X", "Other"], ["Other"]]);

        var score = new MultiHopMetric(s_corpus).Score(s_example, prediction, new ProgramTrace(), s_feedback);

        Assert.Equal(0, score.Score);
        Assert.Equal(0.5, score.Objectives[MultiHopMetric.RecallObjective]);
        Assert.Contains("Still missing after the last hop: Ada Varn.", score.StepFeedback["write_query"], StringComparison.Ordinal);
        Assert.Contains("Ada Varn | Ada Varn was born in Corvel.", score.StepFeedback["write_query"], StringComparison.Ordinal);
        Assert.Contains("bridge entity", score.StepFeedback["write_query"], StringComparison.Ordinal);
        Assert.Contains("not this step's fault", score.StepFeedback["answer"], StringComparison.Ordinal);
        Assert.Contains("left out: Film X was directed by Ada Varn. Ada Varn was born in Corvel.", score.StepFeedback["summarize"], StringComparison.Ordinal);
    }

    [Fact]
    public void Score_CorrectSpan_IsOneWithFullRecall()
    {
        var prediction = new MultiHopPrediction("Corvel", [["Film X"], ["Ada Varn"]]);

        var score = new MultiHopMetric(s_corpus).Score(s_example, prediction, new ProgramTrace(), s_feedback);

        Assert.Equal(1, score.Score);
        Assert.Equal(1, score.Objectives[MultiHopMetric.RecallObjective]);
        Assert.Equal("Correct: 'Corvel'.", score.StepFeedback["answer"]);
        Assert.Contains("newly found: Ada Varn", score.StepFeedback["write_query"], StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ProgramLevelOnly_HasNoStepFeedback()
    {
        var score = new MultiHopMetric(s_corpus, perStepFeedback: false).Score(s_example, new MultiHopPrediction("Corvel city", [["Film X"]]), new ProgramTrace(), s_feedback);

        Assert.Empty(score.StepFeedback);
        Assert.StartsWith("Expected 'Corvel', got 'Corvel city' (token F1 0.67)", score.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_FeedbackNotWanted_GivesTheSameScoreWithoutFeedback()
    {
        var prediction = new MultiHopPrediction("Corvel", [["Film X"]]);
        var metric = new MultiHopMetric(s_corpus);

        var quiet = metric.Score(s_example, prediction, ProgramTrace.Empty, s_feedback with { WantsFeedback = false });
        var loud = metric.Score(s_example, prediction, new ProgramTrace(), s_feedback);

        Assert.Equal(loud.Score, quiet.Score);
        Assert.Equal(loud.Objectives, quiet.Objectives);
        Assert.Null(quiet.Feedback);
        Assert.Empty(quiet.StepFeedback);
    }
}
