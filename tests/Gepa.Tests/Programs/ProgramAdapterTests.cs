using System.Net;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed class ProgramAdapterTests
{
    private static readonly QaCase[] s_batch = [new("Who founded Acme?", "Ada"), new("Where is Acme?", "Oslo")];

    private static string Answer(string? step, IList<ChatMessage> messages) => step switch
    {
        "plan" => "plan: find the founder",
        "search" => $"query {messages[1].Text.Split('\n').Length}",
        "answer" => messages[1].Text.Contains("founded", StringComparison.Ordinal) ? """{"answer":"Ada"}""" : """```json\n{"answer":"Paris"}\n```""",
        _ => throw new InvalidOperationException($"untagged call: {step}"),
    };

    private static ProgramScore Metric(QaCase example, AnswerOut output, ProgramTrace trace, MetricContext context)
    {
        var score = output.Answer == example.Gold ? 1.0 : 0.0;
        if (!context.WantsFeedback)
        {
            return ProgramScore.Of(score).WithObjective("exact", score);
        }

        return ProgramScore.Of(score, $"program feedback for {example.Gold}")
            .For("answer", $"answer feedback: expected {example.Gold}")
            .For("search", $"search feedback after {trace.EventsOf("hop").Count} hops")
            .WithObjective("exact", score);
    }

    [Fact]
    public async Task EvaluateAsync_WithTraces_RecordsEveryStepCallAndEventInOrder()
    {
        var client = new ScriptedStepChatClient(Answer);
        var program = new ResearchProgram(client);
        var adapter = program.ToAdapter(Metric);

        var eval = await adapter.EvaluateAsync(s_batch, program.SeedCandidate(), captureTraces: true, CancellationToken.None);

        Assert.Equal([1.0, 0.0], eval.Scores);
        var trajectory = Assert.IsType<ProgramTrajectory>(eval.Traces![0]);
        Assert.Equal(["plan", "search", "search", "answer"], trajectory.Trace.Calls.Select(c => c.Step));
        Assert.Equal([0, 1], trajectory.Trace.CallsOf("search").Select(c => c.Ordinal));
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], trajectory.Trace.Entries.Select(e => e is StepCall c ? c.Sequence : ((TraceEvent)e).Sequence));
        Assert.Equal(new AnswerOut("Paris"), eval.Outputs[1]);
        Assert.Equal(0.0, eval.ObjectiveScores![1]["exact"]);
    }

    [Fact]
    public async Task EvaluateAsync_WithoutTraces_RecordsNothingAndTellsTheMetricNoFeedbackIsWanted()
    {
        var wanted = new List<bool>();
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var adapter = program.ToAdapter((e, o, t, c) =>
        {
            lock (wanted)
            {
                wanted.Add(c.WantsFeedback);
            }

            Assert.Same(ProgramTrace.Empty, t);
            return ProgramScore.Of(1);
        });

        var eval = await adapter.EvaluateAsync(s_batch, program.SeedCandidate(), captureTraces: false, CancellationToken.None);

        Assert.Null(eval.Traces);
        Assert.Equal([false, false], wanted);
        Assert.Empty(ProgramTrace.Empty.Entries);
    }

    [Fact]
    public async Task EvaluateAsync_CandidateText_IsTheSystemMessageOfItsStepOnly()
    {
        var client = new ScriptedStepChatClient(Answer);
        var program = new ResearchProgram(client);
        var candidate = program.SeedCandidate().With("search", "NEW SEARCH TEXT");

        await program.ToAdapter(Metric).EvaluateAsync([s_batch[0]], candidate, captureTraces: false, CancellationToken.None);

        var systems = client.Calls.Select(c => (Step: (string)c.Options!.AdditionalProperties![ProgramStep.StepTagKey]!, System: c.Messages[0].Text)).ToList();
        Assert.Equal(("plan", "Plan the research."), systems[0]);
        Assert.Equal(("search", "NEW SEARCH TEXT"), systems[1]);
        Assert.Equal(("answer", "Answer from the notes."), systems[3]);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_StepFeedback_NeverLeaksIntoAnotherStep()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var adapter = program.ToAdapter(Metric);
        var candidate = program.SeedCandidate();
        var eval = await adapter.EvaluateAsync(s_batch, candidate, captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, s_batch, eval, ["plan", "search", "answer"], CancellationToken.None);

        Assert.Equal(["program feedback for Ada", "program feedback for Oslo"], dataset.RecordsFor("plan").Select(r => r["Feedback"].Text));
        Assert.Equal(["search feedback after 2 hops", "search feedback after 2 hops"], dataset.RecordsFor("search").Select(r => r["Feedback"].Text));
        Assert.Equal(["answer feedback: expected Ada", "answer feedback: expected Oslo"], dataset.RecordsFor("answer").Select(r => r["Feedback"].Text));
        Assert.Equal("""{"answer":"Paris"}""", dataset.RecordsFor("answer")[1]["Generated Outputs"].Text);
        Assert.Equal("Who founded Acme?", dataset.RecordsFor("answer")[0]["Inputs"].Record!["Question"].Text);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_StepCalledTwice_TakesTheLastCallByDefault()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var adapter = program.ToAdapter(Metric);
        var eval = await adapter.EvaluateAsync([s_batch[0]], program.SeedCandidate(), captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(program.SeedCandidate(), [s_batch[0]], eval, ["search"], CancellationToken.None);

        var record = Assert.Single(dataset.RecordsFor("search"));
        Assert.Equal("query 5", record["Generated Outputs"].Text);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_StepCalledTwiceWithAll_TakesEveryCallInOrder()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var options = new ProgramAdapterOptions();
        options.StepCallSelections["search"] = StepCallSelection.All(5);
        var adapter = program.ToAdapter(Metric, options);
        var eval = await adapter.EvaluateAsync([s_batch[0]], program.SeedCandidate(), captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(program.SeedCandidate(), [s_batch[0]], eval, ["search"], CancellationToken.None);

        Assert.Equal(["query 3", "query 5"], dataset.RecordsFor("search").Select(r => r["Generated Outputs"].Text));
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_StepNeverReached_IsLeftOutInsteadOfCrashing()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient((step, m) => step == "plan" ? "STOP" : Answer(step, m)));
        var adapter = program.ToAdapter((e, o, t, c) => ProgramScore.Of(0, "stopped early"));
        var eval = await adapter.EvaluateAsync(s_batch, program.SeedCandidate(), captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(program.SeedCandidate(), s_batch, eval, ["plan", "search", "answer"], CancellationToken.None);

        Assert.Equal(["plan"], dataset.Components);
        Assert.Equal(2, dataset.RecordsFor("plan").Count);
    }

    [Fact]
    public async Task EvaluateAsync_ReplyThatDoesNotParse_IsAFailedRolloutWithTheRawTextAndSchemaInItsRecord()
    {
        var metricCalls = 0;
        var program = new ResearchProgram(new ScriptedStepChatClient((step, m) => step == "answer" ? "I think it is Ada." : Answer(step, m)));
        var adapter = program.ToAdapter((e, o, t, c) =>
        {
            Interlocked.Increment(ref metricCalls);
            return ProgramScore.Of(1);
        }, new ProgramAdapterOptions { FailureScore = -1 });
        var eval = await adapter.EvaluateAsync([s_batch[0]], program.SeedCandidate(), captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(program.SeedCandidate(), [s_batch[0]], eval, ["search", "answer"], CancellationToken.None);

        Assert.Equal([-1.0], eval.Scores);
        Assert.Equal(0, metricCalls);
        var answer = Assert.Single(dataset.RecordsFor("answer"));
        Assert.Equal("I think it is Ada.", answer["Generated Outputs"].Text);
        Assert.StartsWith("Your output failed to parse", answer["Feedback"].Text, StringComparison.Ordinal);
        Assert.Contains("\"answer\"", answer["Feedback"].Text, StringComparison.Ordinal);
        Assert.Contains("stopped later, at step 'answer'", dataset.RecordsFor("search")[0]["Feedback"].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task EvaluateAsync_TransportError_PropagatesUnchangedInsteadOfScoringTheCandidate(HttpStatusCode status)
    {
        var program = new ResearchProgram(new ScriptedStepChatClient((step, m) =>
            step == "search" ? throw new HttpRequestException("server said no", null, status) : Answer(step, m)));
        var adapter = program.ToAdapter(Metric, new ProgramAdapterOptions { ScoreProgramErrors = true });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => adapter.EvaluateAsync(s_batch, program.SeedCandidate(), captureTraces: true, CancellationToken.None).AsTask());

        Assert.Equal(status, ex.StatusCode);
    }

    [Fact]
    public async Task EvaluateAsync_TimeoutError_PropagatesUnchanged()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient((step, m) => step == "plan" ? throw new TimeoutException("slow") : Answer(step, m)));

        await Assert.ThrowsAsync<TimeoutException>(() => program.ToAdapter(Metric).EvaluateAsync(s_batch, program.SeedCandidate(), true, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task EvaluateAsync_ProgramBug_SurfacesNamingTheExampleUnlessScored()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient((step, m) => step == "plan" ? throw new InvalidOperationException("bug") : Answer(step, m)));

        var ex = await Assert.ThrowsAsync<ExampleEvaluationException>(() => program.ToAdapter(Metric).EvaluateAsync(s_batch, program.SeedCandidate(), true, CancellationToken.None).AsTask());
        var scored = await program.ToAdapter(Metric, new ProgramAdapterOptions { ScoreProgramErrors = true }).EvaluateAsync(s_batch, program.SeedCandidate(), true, CancellationToken.None);

        Assert.Matches("on example [01] of the batch: bug", ex.Message);
        Assert.Equal([0.0, 0.0], scored.Scores);
    }

    [Fact]
    public async Task EvaluateAsync_FeedbackForAnUnknownStep_IsRejectedNamingIt()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var adapter = program.ToAdapter((e, o, t, c) => ProgramScore.Of(1).For("answr", "typo"));

        var ex = await Assert.ThrowsAsync<ExampleEvaluationException>(() => adapter.EvaluateAsync(s_batch, program.SeedCandidate(), true, CancellationToken.None).AsTask());

        Assert.Contains("'answr'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_PipelineContext_ShowsSiblingsReadOnlyInTheFirstRecordOnly()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var adapter = program.ToAdapter(Metric, new ProgramAdapterOptions { IncludePipelineContext = true });
        var candidate = program.SeedCandidate().With("plan", "CURRENT PLAN TEXT");
        var eval = await adapter.EvaluateAsync(s_batch, candidate, captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, s_batch, eval, ["search"], CancellationToken.None);

        var context = dataset.RecordsFor("search")[0]["Pipeline"].Text!;
        Assert.Contains("step 2 of 3", context, StringComparison.Ordinal);
        Assert.Contains("Its inputs: Question, Notes. Its output: text.", context, StringComparison.Ordinal);
        Assert.Contains("### plan\nCURRENT PLAN TEXT", context, StringComparison.Ordinal);
        Assert.DoesNotContain("### search", context, StringComparison.Ordinal);
        Assert.DoesNotContain(dataset.RecordsFor("search")[1], kv => kv.Key == "Pipeline");
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_WithoutPipelineContext_HasTheReferenceKeysOnly()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Answer));
        var adapter = program.ToAdapter(Metric);
        var eval = await adapter.EvaluateAsync(s_batch, program.SeedCandidate(), captureTraces: true, CancellationToken.None);

        var dataset = await adapter.BuildReflectiveDatasetAsync(program.SeedCandidate(), s_batch, eval, ["answer"], CancellationToken.None);

        Assert.Equal(["Inputs", "Generated Outputs", "Feedback"], dataset.RecordsFor("answer")[0].Select(kv => kv.Key));
    }

    [Fact]
    public void Constructor_SelectionForAnUnknownStep_IsRejected()
    {
        var options = new ProgramAdapterOptions();
        options.StepCallSelections["nope"] = StepCallSelection.First;

        var ex = Assert.Throws<ArgumentException>(() => new ResearchProgram(new ScriptedStepChatClient(Answer)).ToAdapter(Metric, options));

        Assert.Contains("'nope'", ex.Message, StringComparison.Ordinal);
    }
}
