using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed class GepaTracingChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_InsideAStepScope_RecordsTheCallUnderThatStep()
    {
        var inner = new ScriptedStepChatClient((step, _) => $"reply from {step}");
        using var client = new ChatClientBuilder(inner).UseGepaTracing().Build();
        var context = new StepContext(Candidate.FromText("planner", "p"), new ProgramTrace());

        using (GepaTrace.Use(context))
        {
            using (GepaTrace.BeginStep("planner"))
            {
                await client.GetResponseAsync([new(ChatRole.System, "sys"), new(ChatRole.User, "hello")], cancellationToken: TestContext.Current.CancellationToken);
            }

            await client.GetResponseAsync("untagged call", cancellationToken: TestContext.Current.CancellationToken);
        }

        var call = Assert.Single(context.Trace.Calls);
        Assert.Equal("planner", call.Step);
        Assert.Equal("sys", call.Instruction);
        Assert.Equal("hello", call.Inputs[0].Value);
        Assert.Equal("reply from planner", call.RawText);
    }

    [Fact]
    public async Task GetResponseAsync_CallAStepAlreadyRecords_IsNotRecordedTwice()
    {
        using var client = new ChatClientBuilder(new ScriptedStepChatClient((_, _) => "ok")).UseGepaTracing().Build();
        var context = new StepContext(null, new ProgramTrace());

        using (GepaTrace.Use(context))
        {
            await new Step<string, string>("s", "seed").RunAsync(client, "x", context, TestContext.Current.CancellationToken);
        }

        Assert.Single(context.Trace.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TaggedCall_RecordsTheWholeReply()
    {
        using var client = new ChatClientBuilder(new ScriptedStepChatClient((_, _) => "streamed reply")).UseGepaTracing().Build();
        var context = new StepContext(null, new ProgramTrace());
        var options = new ChatOptions { AdditionalProperties = new() { [ProgramStep.StepTagKey] = "writer" } };

        using (GepaTrace.Use(context))
        {
            await foreach (var update in client.GetStreamingResponseAsync("go", options, TestContext.Current.CancellationToken))
            {
                _ = update;
            }
        }

        Assert.Equal("streamed reply", Assert.Single(context.Trace.CallsOf("writer")).RawText);
    }

    [Fact]
    public async Task GetResponseAsync_OutsideARollout_PassesThrough()
    {
        var inner = new ScriptedStepChatClient((_, _) => "ok");
        using var client = new ChatClientBuilder(inner).UseGepaTracing().Build();

        using (GepaTrace.BeginStep("planner"))
        {
            Assert.Equal("ok", (await client.GetResponseAsync("x", cancellationToken: TestContext.Current.CancellationToken)).Text);
        }

        Assert.Null(GepaTrace.Current);
        Assert.Equal("fallback", GepaTrace.Prompt("planner", "fallback"));
    }
}
