using Gepa.Simulation;
using Microsoft.Extensions.AI;
using Xunit;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

/// <summary>Tests of <see cref="RuleWorldTaskChatClient"/> and <see cref="RuleWorldReflectionChatClient"/>.</summary>
public class RuleWorldChatClientTests
{
    [Fact]
    public async Task TaskClient_EveryTaskVector_RepliesAsTheReference()
    {
        foreach (var vector in RuleWorldVectors.OfKind("task"))
        {
            using var client = new RuleWorldTaskChatClient(RuleWorldVectors.WorldFor(vector));
            var messages = RuleWorldVectors.Messages(vector.Line);
            var response = await client.GetResponseAsync(messages, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(vector.Str("reply"), response.Text);
            AssertShape(response, RuleWorldConstants.TaskModelId, messages.Sum(m => m.Text.Length));
        }
    }

    [Fact]
    public async Task ReflectionClient_EveryReflectVector_RepliesAsTheReference()
    {
        foreach (var vector in RuleWorldVectors.OfKind("reflect"))
        {
            using var client = new RuleWorldReflectionChatClient(RuleWorldVectors.WorldFor(vector));
            var prompt = vector.Str("prompt");
            var response = await client.GetResponseAsync(prompt, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(vector.Str("reply"), response.Text);
            AssertShape(response, RuleWorldConstants.ReflectionModelId, prompt.Length);
        }
    }

    [Fact]
    public async Task ReflectionClient_SeveralMessages_PromptIsTheirContentsJoinedByLineFeed()
    {
        var world = new World();
        using var client = new RuleWorldReflectionChatClient(world);
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Improve it."), new ChatMessage(ChatRole.User, "Feedback: kelvin"), new ChatMessage(ChatRole.User, "")],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(world.ReflectReply("Improve it.\nFeedback: kelvin\n"), response.Text);
    }

    [Fact]
    public async Task TaskClient_Streaming_YieldsTheWholeReplyAsOneUpdate()
    {
        var world = new World();
        using var client = new RuleWorldTaskChatClient(world);
        var example = world.Valset[0];
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(example.Input, cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var single = Assert.Single(updates);
        Assert.Equal(world.TaskReply(World.BaseInstruction, example.Input), single.Text); // no system message: same as base
        Assert.Equal(ChatFinishReason.Stop, single.FinishReason);
        var response = updates.ToChatResponse();
        Assert.Equal(RuleWorldConstants.TaskModelId, response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public void GetService_Metadata_SaysSimulated()
    {
        using var task = new RuleWorldTaskChatClient(new World());
        using var reflect = new RuleWorldReflectionChatClient(task.World);
        var taskMetadata = task.GetService<ChatClientMetadata>();
        var reflectMetadata = reflect.GetService<ChatClientMetadata>();
        Assert.Equal("rule-world (simulated)", taskMetadata?.ProviderName);
        Assert.Equal("rule-world-task", taskMetadata?.DefaultModelId);
        Assert.Equal("rule-world (simulated)", reflectMetadata?.ProviderName);
        Assert.Equal("rule-world-reflect", reflectMetadata?.DefaultModelId);
        Assert.Same(task, task.GetService<RuleWorldTaskChatClient>());
        Assert.Same(task.World, reflect.GetService<World>());
        Assert.Null(task.GetService<ChatClientMetadata>("some key"));
        Assert.Null(task.GetService<string>());
    }

    [Fact]
    public async Task TaskClient_CancelledToken_Throws()
    {
        using var client = new RuleWorldTaskChatClient(new World());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("x", cancellationToken: new CancellationToken(canceled: true)));
    }

    private static void AssertShape(ChatResponse response, string modelId, int inputCharacters)
    {
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(modelId, response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal((inputCharacters + 3) / 4, response.Usage.InputTokenCount);
        Assert.Equal((response.Text.Length + 3) / 4, response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }
}
