using Gepa.Simulation;
using Microsoft.Extensions.AI;
using Xunit;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

public class RuleWorldAdapterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task EvaluateAsync_InProcessClient_MatchesTheReferencePipelineAndMetric(int modules)
    {
        var world = new World(new RuleWorldOptions { Modules = modules });
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var candidate = HalfRulesCandidate(world);
        var batch = world.Valset;

        var result = await adapter.EvaluateAsync(batch, candidate, captureTraces: true, TestContext.Current.CancellationToken);

        Assert.Equal(batch.Count, result.Count);
        Assert.NotNull(result.Traces);
        for (var i = 0; i < batch.Count; i++)
        {
            var expectedSteps = world.RunPipeline(candidate, batch[i]);
            var expected = world.Evaluate(batch[i], expectedSteps[^1]);
            var trace = Assert.IsType<RuleWorldTrace>(result.Traces[i]);
            Assert.Same(batch[i], trace.Example);
            Assert.Equal(expectedSteps, trace.Steps.Select(s => s.Reply));
            Assert.Equal(world.ModuleNames, trace.Steps.Select(s => s.Module));
            Assert.Equal(expected.Score, result.Scores[i]);
            Assert.Equal(expected.Feedback, trace.Feedback);
            Assert.Equal(expectedSteps[^1], result.Outputs[i]);
            Assert.Null(trace.Error);
        }

        // Half the rules are stated, so some examples pass and some fail: the comparison above saw both.
        Assert.Contains(1.0, result.Scores);
        Assert.Contains(0.0, result.Scores);
    }

    [Fact]
    public async Task EvaluateAsync_WithoutCaptureTraces_ReturnsNoTraces()
    {
        var world = new World();
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var result = await adapter.EvaluateAsync(world.Trainset.Take(3).ToList(), world.SeedCandidate(), captureTraces: false, TestContext.Current.CancellationToken);
        Assert.Null(result.Traces);
        Assert.Equal([0.0, 0.0, 0.0], result.Scores);
    }

    [Fact]
    public async Task EvaluateAsync_SendsSystemTextPerModuleAndStepMessages()
    {
        var world = new World(new RuleWorldOptions { Modules = 2 });
        var calls = new List<IReadOnlyList<ChatMessage>>();
        var inner = new RuleWorldTaskChatClient(world);
        using var fake = new FakeChatClient((messages, _, ct) =>
        {
            lock (calls)
            {
                calls.Add([.. messages]);
            }

            return inner.GetResponseAsync(messages, cancellationToken: ct);
        });
        var adapter = new RuleWorldAdapter(world, fake);
        var candidate = new Candidate([new("query", "QUERY TEXT"), new("answer", "ANSWER TEXT")]);
        var example = world.Valset[0];

        await adapter.EvaluateAsync([example], candidate, captureTraces: true, TestContext.Current.CancellationToken);

        Assert.Equal(2, calls.Count);
        Assert.Equal([ChatRole.System, ChatRole.User], calls[0].Select(m => m.Role));
        Assert.Equal(["QUERY TEXT", world.BuildStepUserMessage(0, example, null)], calls[0].Select(m => m.Text));
        var firstReply = world.TaskReply("QUERY TEXT", world.BuildStepUserMessage(0, example, null));
        Assert.Equal(["ANSWER TEXT", world.BuildStepUserMessage(1, example, firstReply)], calls[1].Select(m => m.Text));
    }

    [Fact]
    public async Task EvaluateAsync_ManyExamples_RunsBoundedConcurrentlyAndKeepsOrder()
    {
        var world = new World();
        var inner = new RuleWorldTaskChatClient(world);
        int running = 0, maxRunning = 0;
        using var fake = new FakeChatClient(async (messages, _, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return await inner.GetResponseAsync(messages, cancellationToken: ct);
        });
        var adapter = new RuleWorldAdapter(world, fake, maxConcurrency: 3);
        var candidate = HalfRulesCandidate(world);
        var batch = world.Trainset.Take(12).ToList();

        var result = await adapter.EvaluateAsync(batch, candidate, captureTraces: false, TestContext.Current.CancellationToken);

        Assert.InRange(maxRunning, 2, 3);
        Assert.Equal(batch.Select(e => world.RunPipeline(candidate, e)[^1]), result.Outputs.Cast<string>());
    }

    [Fact]
    public async Task EvaluateAsync_OneCallFails_OnlyThatExampleScoresZeroWithTheError()
    {
        var world = new World(new RuleWorldOptions { Noise = 0 });
        var inner = new RuleWorldTaskChatClient(world);
        var failing = world.Valset[1];
        using var fake = new FakeChatClient((messages, _, ct) =>
            messages.Last().Text.Contains(failing.Id, StringComparison.Ordinal)
                ? throw new InvalidOperationException("the reply had no choices")
                : inner.GetResponseAsync(messages, cancellationToken: ct));
        var adapter = new RuleWorldAdapter(world, fake);
        var candidate = new Candidate([new("system_prompt", World.BaseInstruction + " " + string.Join(" ", World.RuleTexts))]);

        var result = await adapter.EvaluateAsync(world.Valset.Take(3).ToList(), candidate, captureTraces: true, TestContext.Current.CancellationToken);

        Assert.Equal([1.0, 0.0, 1.0], result.Scores);
        Assert.Null(result.Outputs[1]);
        var trace = Assert.IsType<RuleWorldTrace>(result.Traces![1]);
        Assert.Equal("InvalidOperationException: the reply had no choices", trace.Error);
        Assert.Contains("the reply had no choices", trace.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ServerUnreachable_ThrowsATransportFailureInsteadOfAScore()
    {
        // A RuleWorld server that is down says nothing about the candidate: scoring it 0 would rank candidates by luck.
        var world = new World(new RuleWorldOptions { Noise = 0 });
        var inner = new RuleWorldTaskChatClient(world);
        var failing = world.Valset[1];
        using var fake = new FakeChatClient((messages, _, ct) =>
            messages.Last().Text.Contains(failing.Id, StringComparison.Ordinal)
                ? throw new HttpRequestException("connection refused")
                : inner.GetResponseAsync(messages, cancellationToken: ct));
        var adapter = new RuleWorldAdapter(world, fake);
        var candidate = new Candidate([new("system_prompt", World.BaseInstruction)]);

        var error = await Assert.ThrowsAsync<ModelTransportException>(() => adapter.EvaluateAsync(world.Valset.Take(3).ToList(), candidate, captureTraces: true, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("task", error.Role);
        Assert.Contains(failing.Id, error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task EvaluateAsync_Cancelled_Throws()
    {
        var world = new World();
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await adapter.EvaluateAsync(world.Valset, world.SeedCandidate(), captureTraces: false, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task EvaluateAsync_CandidateWithoutAModule_Throws()
    {
        var world = new World(new RuleWorldOptions { Modules = 2 });
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await adapter.EvaluateAsync(world.Valset, new Candidate([new("query", "x")]), captureTraces: false, TestContext.Current.CancellationToken));
        Assert.Contains("answer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_OneModule_RecordsInputReplyAndFeedback()
    {
        var world = new World();
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var candidate = world.SeedCandidate();
        var batch = world.Trainset.Take(3).ToList();
        var evaluation = await adapter.EvaluateAsync(batch, candidate, captureTraces: true, TestContext.Current.CancellationToken);

        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, batch, evaluation, ["system_prompt"], TestContext.Current.CancellationToken);

        Assert.Equal(["system_prompt"], dataset.Components);
        var records = dataset.RecordsFor("system_prompt");
        Assert.Equal(3, records.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(["Inputs", "Generated Outputs", "Feedback"], records[i].Select(kv => kv.Key));
            Assert.Equal(batch[i].Input, records[i]["Inputs"].Text);
            Assert.Equal((string?)evaluation.Outputs[i], records[i]["Generated Outputs"].Text);
            Assert.Equal(world.Evaluate(batch[i], (string)evaluation.Outputs[i]!).Feedback, records[i]["Feedback"].Text);
        }
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_ThreeModules_EachComponentSeesItsOwnStep()
    {
        var world = new World(new RuleWorldOptions { Modules = 3 });
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var candidate = HalfRulesCandidate(world);
        var batch = world.Valset.Take(4).ToList();
        var evaluation = await adapter.EvaluateAsync(batch, candidate, captureTraces: true, TestContext.Current.CancellationToken);

        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, batch, evaluation, ["answer", "plan"], TestContext.Current.CancellationToken);

        Assert.Equal(["answer", "plan"], dataset.Components);
        for (var i = 0; i < batch.Count; i++)
        {
            var steps = world.RunPipeline(candidate, batch[i]);
            var plan = dataset.RecordsFor("plan")[i];
            var answer = dataset.RecordsFor("answer")[i];
            Assert.Equal(world.BuildStepUserMessage(0, batch[i], null), plan["Inputs"].Text);
            Assert.Equal(steps[0], plan["Generated Outputs"].Text);
            Assert.Equal(world.BuildStepUserMessage(2, batch[i], steps[1]), answer["Inputs"].Text);
            Assert.Equal(steps[2], answer["Generated Outputs"].Text);
            Assert.Equal(world.Evaluate(batch[i], steps[2]).Feedback, answer["Feedback"].Text);
            Assert.Equal(answer["Feedback"].Text, plan["Feedback"].Text);
        }
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_BadRequests_Throw()
    {
        var world = new World();
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var batch = world.Trainset.Take(2).ToList();
        var candidate = world.SeedCandidate();
        var withoutTraces = await adapter.EvaluateAsync(batch, candidate, captureTraces: false, TestContext.Current.CancellationToken);
        var withTraces = await adapter.EvaluateAsync(batch, candidate, captureTraces: true, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await adapter.BuildReflectiveDatasetAsync(candidate, batch, withoutTraces, ["system_prompt"], TestContext.Current.CancellationToken));
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await adapter.BuildReflectiveDatasetAsync(candidate, batch, withTraces, ["query"], TestContext.Current.CancellationToken));
        Assert.Contains("system_prompt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FixedText_NamesNoRuleKeyword()
    {
        // Anything the adapter itself writes into reflection records would teach a rule for free if it held a keyword.
        string[] fixedTexts =
        [
            RuleWorldAdapter.InputsKey, RuleWorldAdapter.GeneratedOutputsKey, RuleWorldAdapter.FeedbackKey,
            RuleWorldAdapter.FailurePrefix, RuleWorldAdapter.NoReplyText, World.BaseInstruction, World.UnknownReply,
            "Step 1 of 3 (plan)", "system_prompt", "query", "answer", "Rules applied: none", "Notes: step 1 complete.",
            "Correct. The answer  is right.", "Incorrect. The expected answer is .", " The response did not follow this guideline (step plan): ",
        ];

        // The keys actually used, read back from a dataset, are checked too.
        var world = new World();
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var batch = world.Trainset.Take(1).ToList();
        var evaluation = await adapter.EvaluateAsync(batch, world.SeedCandidate(), captureTraces: true, TestContext.Current.CancellationToken);
        var dataset = await adapter.BuildReflectiveDatasetAsync(world.SeedCandidate(), batch, evaluation, ["system_prompt"], TestContext.Current.CancellationToken);
        var usedKeys = dataset.RecordsFor("system_prompt").SelectMany(r => r.Select(kv => kv.Key));

        foreach (var text in fixedTexts.Concat(usedKeys))
        {
            var low = World.Lower(text);
            Assert.DoesNotContain(World.RuleKeywords, keyword => low.Contains(keyword, StringComparison.Ordinal));
        }
    }

    private static Candidate HalfRulesCandidate(World world) =>
        new(world.ModuleNames.Select(name => new KeyValuePair<string, string>(
            name, World.BaseInstruction + " " + string.Join(" ", World.RuleTexts.Where((_, j) => j % 2 == 0)))));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
