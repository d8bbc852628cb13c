using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed class StepTests
{
    [Fact]
    public async Task RunAsync_TypedOutput_AsksForTheJsonSchemaAndTellsTheModelToo()
    {
        var client = new ScriptedStepChatClient((_, _) => """{"answer":"Ada"}""");
        var step = new Step<AnswerIn, AnswerOut>("answer", "Answer.");

        var output = await step.RunAsync(client, new AnswerIn("Q?", ["n1", "n2"]), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new AnswerOut("Ada"), output);
        var (messages, options) = client.Calls[0];
        Assert.IsType<ChatResponseFormatJson>(options!.ResponseFormat);
        Assert.Equal("Question: Q?\n\nNotes:\n- n1\n- n2\n\nReply with a single JSON object matching this JSON schema, and nothing else:\n" + step.OutputDescription, messages[1].Text);
        Assert.Contains("the shortest answer span", step.OutputDescription, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("```json\n{\"answer\":\"Ada\"}\n```")]
    [InlineData("Sure! {\"answer\": \"Ada\"} Hope that helps.")]
    [InlineData("  {\"Answer\":\"Ada\"}  ")]
    public async Task RunAsync_ServerIgnoringResponseFormat_StillParsesFencedOrEmbeddedJson(string reply)
    {
        var output = await new Step<string, AnswerOut>("answer", "Answer.").RunAsync(new ScriptedStepChatClient((_, _) => reply), "Q?", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Ada", output.Answer);
    }

    [Theory]
    [InlineData("Ada")]
    [InlineData("{\"other\":1}")]
    [InlineData("")]
    public async Task RunAsync_ReplyThatDoesNotMatchTheSchema_ThrowsAndRecordsTheRawText(string reply)
    {
        var trace = new ProgramTrace();
        var step = new Step<string, AnswerOut>("answer", "Answer.");

        var ex = await Assert.ThrowsAsync<StepFormatException>(() => step.RunAsync(new ScriptedStepChatClient((_, _) => reply), "Q?", new StepContext(null, trace), TestContext.Current.CancellationToken));

        Assert.Equal("answer", ex.Step);
        Assert.Equal(reply, ex.RawText);
        var call = Assert.Single(trace.Calls);
        Assert.True(call.Failed);
        Assert.Equal(reply, call.RawText);
    }

    [Fact]
    public async Task RunAsync_CustomRender_SendsTheRenderedTextAsTheUserMessage()
    {
        var client = new ScriptedStepChatClient((_, _) => "ok");
        var step = new Step<int, string>("count", "Count.", n => $"n = {n}");

        await step.RunAsync(client, 7, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("n = 7", client.Calls[0].Messages[1].Text);
        Assert.Equal(["Input"], step.InputFields);
    }

    [Fact]
    public async Task RunAsync_WithoutContext_UsesTheAmbientCandidate()
    {
        var client = new ScriptedStepChatClient((_, _) => "ok");
        var step = new Step<string, string>("s", "seed text");

        using (GepaTrace.Use(new StepContext(Candidate.FromText("s", "candidate text"))))
        {
            await step.RunAsync(client, "x", cancellationToken: TestContext.Current.CancellationToken);
        }

        await step.RunAsync(client, "x", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["candidate text", "seed text"], client.Calls.Select(c => c.Messages[0].Text));
    }

    [Fact]
    public async Task RunAsync_UntracedContext_RecordsNothing()
    {
        var context = new StepContext(null, null);

        await new Step<string, string>("s", "seed").RunAsync(new ScriptedStepChatClient((_, _) => "ok"), "x", context, TestContext.Current.CancellationToken);

        Assert.False(context.IsTracing);
        Assert.Empty(context.Trace.Entries);
    }
}
