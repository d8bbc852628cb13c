using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Adapters;

public sealed class ChatPromptAdapterTests
{
    private static readonly Candidate OnePrompt = Candidate.FromText("system_prompt", "Answer briefly.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatExample[] Examples(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ChatExample($"ex-{i}", $"question {i}", $"answer {i}"))];

    /// <summary>A task model that answers "answer N" to "question N", so that the contains metric scores 1.</summary>
    private static FakeChatClient EchoingModel() =>
        new((messages, _, _) => Task.FromResult(FakeChatClient.Response(messages[^1].Text.Replace("question", "answer", StringComparison.Ordinal))));

    [Fact]
    public async Task EvaluateAsync_OneComponent_SendsItAsTheSystemMessageAndTheInputAsTheUserMessage()
    {
        var model = EchoingModel();
        var adapter = new ChatPromptAdapter(model);

        var result = await adapter.EvaluateAsync(Examples(1), OnePrompt, captureTraces: false, Ct);

        var messages = Assert.Single(model.Calls).Messages;
        Assert.Equal([ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal(["Answer briefly.", "question 0"], messages.Select(m => m.Text));
        Assert.Equal([1.0], result.Scores);
        Assert.Equal(["answer 0"], result.Outputs);
        Assert.Null(result.Traces);
    }

    [Fact]
    public async Task EvaluateAsync_SeveralComponents_SendsOneSystemMessageEachInCandidateOrder()
    {
        var model = EchoingModel();
        var candidate = new Candidate([new("persona", "You are a tutor."), new("format", "Reply in one line."), new("rules", "Never guess.")]);

        await new ChatPromptAdapter(model).EvaluateAsync(Examples(1), candidate, captureTraces: false, Ct);

        var messages = Assert.Single(model.Calls).Messages;
        Assert.Equal(["You are a tutor.", "Reply in one line.", "Never guess.", "question 0"], messages.Select(m => m.Text));
        Assert.Equal([ChatRole.System, ChatRole.System, ChatRole.System, ChatRole.User], messages.Select(m => m.Role));
    }

    [Fact]
    public async Task EvaluateAsync_ExampleWithContext_AppendsTheContextUnderAHeading()
    {
        var model = FakeChatClient.Replying("Paris");

        await new ChatPromptAdapter(model).EvaluateAsync([new ChatExample("c", "Capital?", "Paris", context: "Country: France")], OnePrompt, false, Ct);

        Assert.Equal("Capital?\n\nContext:\nCountry: France", Assert.Single(model.Calls).Messages[^1].Text);
    }

    [Fact]
    public async Task EvaluateAsync_RepliesFinishingOutOfOrder_AreReturnedInBatchOrder()
    {
        const int count = 8;
        var model = new FakeChatClient(async (messages, _, ct) =>
        {
            var index = int.Parse(messages[^1].Text["question ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            // Later examples answer first.
            await Task.Delay((count - index) * 15, ct);
            return FakeChatClient.Response($"answer {index}");
        });
        var adapter = new ChatPromptAdapter(model, options: new ChatPromptAdapterOptions { MaxDegreeOfParallelism = count });

        var result = await adapter.EvaluateAsync(Examples(count), OnePrompt, captureTraces: true, Ct);

        Assert.Equal(Enumerable.Range(0, count).Select(i => (object?)$"answer {i}"), result.Outputs);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"ex-{i}"), result.Traces!.Cast<ChatPromptTrace>().Select(t => t.ExampleId));
        Assert.All(result.Scores, s => Assert.Equal(1.0, s));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task EvaluateAsync_ManyExamples_NeverExceedsTheMaxDegreeOfParallelismAndReachesIt(int maxDegree)
    {
        var inFlight = 0;
        var peak = 0;
        var peakLock = new Lock();
        var limitReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var model = new FakeChatClient(async (messages, _, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (peakLock)
            {
                peak = Math.Max(peak, now);
            }

            if (now >= maxDegree)
            {
                limitReached.TrySetResult();
            }

            // Hold every call until the limit has been reached once, then a little longer, so that an adapter that
            // ignored the limit would have more calls in flight.
            await limitReached.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
            await Task.Delay(10, ct);
            Interlocked.Decrement(ref inFlight);
            return FakeChatClient.Response(messages[^1].Text);
        });
        var adapter = new ChatPromptAdapter(model, ChatMetrics.FromDelegate((_, _) => new MetricResult(1, "ok")), new ChatPromptAdapterOptions { MaxDegreeOfParallelism = maxDegree });

        var result = await adapter.EvaluateAsync(Examples(12), OnePrompt, captureTraces: false, Ct);

        Assert.Equal(12, result.Count);
        Assert.Equal(12, model.Calls.Count);
        Assert.Equal(maxDegree, peak);
    }

    [Fact]
    public async Task EvaluateAsync_EachCallGetsItsOwnCloneOfTheConfiguredOptions()
    {
        var configured = new ChatOptions { ModelId = "task-model", Temperature = 0.2f, MaxOutputTokens = 100 };
        var model = new FakeChatClient((_, options, _) =>
        {
            // Middleware may mutate the options it receives; that must not leak into other calls.
            options!.Temperature = 9;
            return Task.FromResult(FakeChatClient.Response("x"));
        });
        var adapter = new ChatPromptAdapter(model, ChatMetrics.FromDelegate((_, _) => new MetricResult(0, "no")), new ChatPromptAdapterOptions { ChatOptions = configured, MaxDegreeOfParallelism = 1 });
        configured.ModelId = "changed-after-construction";

        await adapter.EvaluateAsync(Examples(2), OnePrompt, false, Ct);
        await adapter.EvaluateAsync(Examples(1), OnePrompt, false, Ct);

        var options = model.Calls.Select(c => c.Options!).ToList();
        Assert.Equal(3, options.Distinct().Count());
        Assert.All(options, o => Assert.NotSame(configured, o));
        Assert.All(options, o => Assert.Equal("task-model", o.ModelId));
        Assert.All(options, o => Assert.Equal(100, o.MaxOutputTokens));
        Assert.Equal(0.2f, configured.Temperature);
    }

    [Fact]
    public async Task EvaluateAsync_WithoutConfiguredOptions_PassesNull()
    {
        var model = EchoingModel();

        await new ChatPromptAdapter(model).EvaluateAsync(Examples(1), OnePrompt, false, Ct);

        Assert.Null(Assert.Single(model.Calls).Options);
    }

    [Fact]
    public async Task EvaluateAsync_ModelCallFailsInTransport_ThrowsATransportFailureNamingTheExample()
    {
        // A server that cannot be reached says nothing about the candidate: not an example failure the engine may score.
        var model = new FakeChatClient((messages, _, _) => messages[^1].Text == "question 2"
            ? throw new HttpRequestException("429 Too Many Requests")
            : Task.FromResult(FakeChatClient.Response("fine")));
        var adapter = new ChatPromptAdapter(model, options: new ChatPromptAdapterOptions { MaxDegreeOfParallelism = 1 });

        var error = await Assert.ThrowsAsync<ModelTransportException>(() => adapter.EvaluateAsync(Examples(4), OnePrompt, true, Ct).AsTask());

        Assert.Equal("task", error.Role);
        Assert.Equal("The task model failed on example 'ex-2': 429 Too Many Requests", error.Message);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task EvaluateAsync_ModelCallThrowsOtherwise_PropagatesAnExampleFailureNamingTheExample()
    {
        var model = new FakeChatClient((messages, _, _) => messages[^1].Text == "question 2"
            ? throw new InvalidOperationException("the reply had no choices")
            : Task.FromResult(FakeChatClient.Response("fine")));
        var adapter = new ChatPromptAdapter(model, options: new ChatPromptAdapterOptions { MaxDegreeOfParallelism = 1 });

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => adapter.EvaluateAsync(Examples(4), OnePrompt, true, Ct).AsTask());

        Assert.Equal("ex-2", error.ExampleId);
        Assert.Equal("The task model failed on example 'ex-2': the reply had no choices", error.Message);
    }

    [Fact]
    public async Task EvaluateAsync_ModelCallFailsWhileOthersAreInFlight_StillReportsTheFailingExample()
    {
        var model = new FakeChatClient(async (messages, _, ct) =>
        {
            if (messages[^1].Text == "question 1")
            {
                throw new InvalidOperationException("boom");
            }

            // The other calls only end when the adapter cancels them.
            await Task.Delay(Timeout.Infinite, ct);
            return FakeChatClient.Response("never");
        });
        var adapter = new ChatPromptAdapter(model, options: new ChatPromptAdapterOptions { MaxDegreeOfParallelism = 4 });

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => adapter.EvaluateAsync(Examples(4), OnePrompt, false, Ct).AsTask());

        Assert.Equal("ex-1", error.ExampleId);
    }

    [Fact]
    public async Task EvaluateAsync_CallerCancels_ThrowsOperationCanceledNotAnExampleFailure()
    {
        using var cts = new CancellationTokenSource();
        var model = new FakeChatClient(async (_, _, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return FakeChatClient.Response("never");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ChatPromptAdapter(model).EvaluateAsync(Examples(2), OnePrompt, false, cts.Token).AsTask());
    }

    [Fact]
    public async Task EvaluateAsync_MetricThrows_PropagatesAnExceptionNamingTheExample()
    {
        var metric = ChatMetrics.FromDelegate((_, _) => throw new FormatException("bad metric"));
        var adapter = new ChatPromptAdapter(EchoingModel(), metric);

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => adapter.EvaluateAsync(Examples(1), OnePrompt, false, Ct).AsTask());

        Assert.Equal("The metric failed on example 'ex-0': bad metric", error.Message);
    }

    [Fact]
    public async Task EvaluateAsync_MetricThrowsExampleEvaluationException_IsNotWrappedAgain()
    {
        var adapter = new ChatPromptAdapter(EchoingModel(), ChatMetrics.Contains());

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => adapter.EvaluateAsync([new ChatExample("no-answer", "q")], OnePrompt, false, Ct).AsTask());

        Assert.Null(error.InnerException);
        Assert.StartsWith("Example 'no-answer' has no answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_MetricReturnsNaN_IsAnErrorNamingTheExample()
    {
        var adapter = new ChatPromptAdapter(EchoingModel(), ChatMetrics.FromDelegate((_, _) => new MetricResult(double.NaN, "?")));

        var error = await Assert.ThrowsAsync<ExampleEvaluationException>(() => adapter.EvaluateAsync(Examples(1), OnePrompt, false, Ct).AsTask());

        Assert.Equal("ex-0", error.ExampleId);
        Assert.Contains("must be finite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_TruncatedReply_IsScoredNormallyAndTheFeedbackSaysSo()
    {
        var model = FakeChatClient.Replying("answer 0 and then a long expla", ChatFinishReason.Length);

        var result = await new ChatPromptAdapter(model).EvaluateAsync(Examples(1), OnePrompt, captureTraces: true, Ct);

        Assert.Equal([1.0], result.Scores);
        var trace = Assert.IsType<ChatPromptTrace>(Assert.Single(result.Traces!));
        Assert.True(trace.Truncated);
        Assert.Equal(ChatFinishReason.Length, trace.FinishReason);
        Assert.StartsWith("The reply was truncated: the model stopped at its output-token limit", trace.Feedback, StringComparison.Ordinal);
        Assert.Contains("The generated response is correct.", trace.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ContentFilteredReply_IsNotedInTheFeedback()
    {
        var model = FakeChatClient.Replying(string.Empty, ChatFinishReason.ContentFilter);

        var result = await new ChatPromptAdapter(model).EvaluateAsync(Examples(1), OnePrompt, captureTraces: true, Ct);

        var trace = (ChatPromptTrace)result.Traces![0]!;
        Assert.False(trace.Truncated);
        Assert.StartsWith("The reply was stopped by the provider's content filter.", trace.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_CaptureTraces_RecordsMessagesReplyScoreFeedbackAndUsage()
    {
        var usage = new UsageDetails { InputTokenCount = 11, OutputTokenCount = 7 };
        var model = new FakeChatClient((_, _, _) =>
        {
            var response = FakeChatClient.Response("It is Lyon.");
            response.Usage = usage;
            return Task.FromResult(response);
        });
        var example = new ChatExample("fr", "Capital of France?", "Paris");

        var result = await new ChatPromptAdapter(model).EvaluateAsync([example], OnePrompt, captureTraces: true, Ct);

        var trace = (ChatPromptTrace)result.Traces![0]!;
        Assert.Equal("fr", trace.ExampleId);
        Assert.Equal(["Answer briefly.", "Capital of France?"], trace.Messages.Select(m => m.Text));
        Assert.Equal("Capital of France?", trace.UserMessage);
        Assert.Equal("It is Lyon.", trace.Reply);
        Assert.Equal(0, trace.Score);
        Assert.Contains("The correct answer is 'Paris'", trace.Feedback, StringComparison.Ordinal);
        Assert.Same(usage, trace.Usage);
        Assert.False(trace.Truncated);
    }

    [Fact]
    public async Task EvaluateAsync_MetricGivesNoFeedback_FeedbackFallsBackToTheScore()
    {
        var adapter = new ChatPromptAdapter(EchoingModel(), ChatMetrics.FromDelegate((_, _) => new MetricResult(0.5, " ")));

        var result = await adapter.EvaluateAsync(Examples(1), OnePrompt, captureTraces: true, Ct);

        Assert.Equal("This response scored 0.5.", ((ChatPromptTrace)result.Traces![0]!).Feedback);
    }

    [Fact]
    public async Task EvaluateAsync_EmptyBatch_MakesNoCalls()
    {
        var model = EchoingModel();

        var result = await new ChatPromptAdapter(model).EvaluateAsync([], OnePrompt, true, Ct);

        Assert.Equal(0, result.Count);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_GivesEveryRequestedComponentTheSameRecordsPerExample()
    {
        var candidate = new Candidate([new("persona", "You are terse."), new("format", "One word.")]);
        var model = new FakeChatClient((messages, _, _) => Task.FromResult(FakeChatClient.Response(messages[^1].Text.StartsWith("Capital", StringComparison.Ordinal) ? "Paris" : string.Empty)));
        var batch = new[] { new ChatExample("a", "Capital of France?", "Paris"), new ChatExample("b", "Largest planet?", "Jupiter", context: "Solar system") };
        var adapter = new ChatPromptAdapter(model);
        var evaluation = await adapter.EvaluateAsync(batch, candidate, captureTraces: true, Ct);

        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, batch, evaluation, ["format", "persona"], Ct);

        Assert.Equal(["format", "persona"], dataset.Components);
        var records = dataset.RecordsFor("format");
        var personaRecords = dataset.RecordsFor("persona");
        Assert.Equal(Render(records), Render(personaRecords));
        Assert.NotSame(records[0], personaRecords[0]);
        Assert.Equal(2, records.Count);
        Assert.Equal(["Inputs", "Generated Outputs", "Feedback"], records[0].Select(kv => kv.Key));
        Assert.Equal("Capital of France?", records[0]["Inputs"].Text);
        Assert.Equal("Paris", records[0]["Generated Outputs"].Text);
        Assert.StartsWith("The generated response is correct.", records[0]["Feedback"].Text, StringComparison.Ordinal);
        // The model saw the context, so reflection sees it too; an empty reply is spelled out.
        Assert.Equal("Largest planet?\n\nContext:\nSolar system", records[1]["Inputs"].Text);
        Assert.Equal("(the model returned an empty reply)", records[1]["Generated Outputs"].Text);
        Assert.Contains("The correct answer is 'Jupiter'", records[1]["Feedback"].Text, StringComparison.Ordinal);
    }

    private static string[] Render(IReadOnlyList<ReflectiveRecord> records) =>
        [.. records.Select(r => string.Join("|", r.Select(kv => $"{kv.Key}={kv.Value.Text}")))];

    [Fact]
    public async Task BuildReflectiveDatasetAsync_EvaluationWithoutTraces_IsRejected()
    {
        var adapter = new ChatPromptAdapter(EchoingModel());
        var batch = Examples(1);
        var evaluation = await adapter.EvaluateAsync(batch, OnePrompt, captureTraces: false, Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => adapter.BuildReflectiveDatasetAsync(OnePrompt, batch, evaluation, ["system_prompt"], Ct).AsTask());

        Assert.Contains("captureTraces: true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_UnknownComponent_IsRejected()
    {
        var adapter = new ChatPromptAdapter(EchoingModel());
        var batch = Examples(1);
        var evaluation = await adapter.EvaluateAsync(batch, OnePrompt, captureTraces: true, Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => adapter.BuildReflectiveDatasetAsync(OnePrompt, batch, evaluation, ["nope"], Ct).AsTask());

        Assert.Contains("no component named 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_ForeignTraces_AreRejected()
    {
        var evaluation = new EvaluationBatch([1.0], traces: ["not a chat trace"]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ChatPromptAdapter(EchoingModel()).BuildReflectiveDatasetAsync(OnePrompt, Examples(1), evaluation, ["system_prompt"], Ct).AsTask());

        Assert.Contains("not a ChatPromptTrace", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_MaxDegreeBelowOne_NamesTheOption(int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ChatPromptAdapter(EchoingModel(), options: new ChatPromptAdapterOptions { MaxDegreeOfParallelism = value }));

        Assert.Contains("ChatPromptAdapterOptions.MaxDegreeOfParallelism must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildUserMessage_WithoutContext_IsTheInputUnchanged() =>
        Assert.Equal("  spaced input ", ChatPromptAdapter.BuildUserMessage(new ChatExample("1", "  spaced input ", context: " ")));

    [Fact]
    public async Task Serialize_TracesAndOutputs_RoundTripToTheSameReflectiveRecords()
    {
        var adapter = new ChatPromptAdapter(FakeChatClient.Replying("answer 0 <b>&</b>", ChatFinishReason.Length));
        var candidate = new Candidate([new("persona", "You are a tutor."), new("format", "One line.")]);
        var batch = Examples(2);
        var evaluation = await adapter.EvaluateAsync(batch, candidate, captureTraces: true, Ct);

        var traces = evaluation.Traces!.Select(t => adapter.Deserialize(adapter.Serialize(t), isTrace: true)).ToList();
        var outputs = evaluation.Outputs.Select(o => adapter.Deserialize(adapter.Serialize(o), isTrace: false)).ToList();
        var restored = new EvaluationBatch(evaluation.Scores, outputs, traces);

        Assert.Equal(evaluation.Outputs, outputs);
        var original = (ChatPromptTrace)evaluation.Traces![0]!;
        var copy = Assert.IsType<ChatPromptTrace>(traces[0]);
        Assert.Equal(original.Messages.Select(m => (m.Role, m.Text)), copy.Messages.Select(m => (m.Role, m.Text)));
        Assert.Equal((original.Reply, original.Feedback, original.Score, original.Truncated, original.FinishReason), (copy.Reply, copy.Feedback, copy.Score, copy.Truncated, copy.FinishReason));
        var before = await adapter.BuildReflectiveDatasetAsync(candidate, batch, evaluation, ["format"], Ct);
        var after = await adapter.BuildReflectiveDatasetAsync(candidate, batch, restored, ["format"], Ct);
        Assert.Equal(
            before.RecordsFor("format").Select(r => string.Join("|", r.Select(kv => kv.Key + "=" + kv.Value.Text))),
            after.RecordsFor("format").Select(r => string.Join("|", r.Select(kv => kv.Key + "=" + kv.Value.Text))));
    }
}
