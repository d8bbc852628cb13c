using System.Net;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed class JointStepProposerTests
{
    private static readonly QaCase[] s_train = [new("Who founded Acme?", "Ada"), new("Who founded Bolt?", "Ada"), new("Who founded Cask?", "Ada")];
    private static readonly QaCase[] s_val = [new("Who founded Core?", "Ada"), new("Who founded Dyne?", "Ada")];

    // The answer is right only when the answer step's instruction says "fixed"; the plan says STOP when told to.
    private static string Task(string? step, IList<ChatMessage> messages) => step switch
    {
        "plan" => messages[0].Text.Contains("stop", StringComparison.Ordinal) ? "STOP" : "plan",
        "search" => "query",
        "answer" => messages[0].Text.Contains("fixed", StringComparison.Ordinal) ? """{"answer":"Ada"}""" : """{"answer":"Bob"}""",
        _ => throw new InvalidOperationException($"untagged call: {step}"),
    };

    private static ProgramScore Metric(QaCase example, AnswerOut output, ProgramTrace trace, MetricContext context)
    {
        var score = output.Answer == example.Gold ? 1.0 : 0.0;
        return context.WantsFeedback
            ? ProgramScore.Of(score, "program feedback").For("answer", $"expected {example.Gold}").For("search", "search feedback")
            : ProgramScore.Of(score);
    }

    private static async Task<(GepaResult Result, JointStepProposer<QaCase> Proposer, FakeChatClient Reflection)> RunAsync(Func<string, string> reply, Candidate? seed = null, int budget = 24)
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Task), hops: 1);
        var adapter = program.ToAdapter(Metric);
        var reflection = new FakeChatClient((messages, _, _) => System.Threading.Tasks.Task.FromResult(FakeChatClient.Response(reply(messages[^1].Text))));
        var proposer = new JointStepProposer<QaCase>(adapter, s_train, reflection);
        var options = new GepaOptions { MaxMetricCalls = budget, Seed = 0, Proposer = proposer };
        var result = await new GepaOptimizer<QaCase>(adapter, new FakeChatClient(), options)
            .OptimizeAsync(seed ?? program.SeedCandidate(), s_train, s_val, TestContext.Current.CancellationToken);
        return (result, proposer, reflection);
    }

    [Fact]
    public async Task ProposeAsync_EveryBlockPresent_RewritesEveryStepInOneReflectionCall()
    {
        var (result, proposer, reflection) = await RunAsync(_ => "```plan\nPlan again.\n```\n\n```search\nSearch better.\n```\n\n```answer\nAnswer, fixed.\n```");

        var child = Assert.Single(result.Candidates.Skip(1));
        Assert.Equal(["Plan again.", "Search better.", "Answer, fixed."], child.ComponentNames.Select(n => child[n]));
        Assert.Equal(1.0, result.BestScore);
        Assert.Equal(proposer.ReflectionCalls, reflection.Calls.Count);
        var prompt = reflection.Calls[0].Messages[^1].Text;
        Assert.Contains("===== Step `plan` =====", prompt, StringComparison.Ordinal);
        Assert.Contains("===== Step `answer` =====", prompt, StringComparison.Ordinal);
        Assert.Contains("expected Ada", prompt, StringComparison.Ordinal);
        Assert.Contains("The steps run in this order: plan, search, answer.", prompt, StringComparison.Ordinal);
        Assert.Empty(proposer.Issues);
    }

    [Fact]
    public async Task ProposeAsync_MissingEmptyAndUnknownBlocks_KeepsTheStepsThatParsedAndRecordsTheRest()
    {
        var (result, proposer, _) = await RunAsync(_ => "```answer\nAnswer, fixed.\n```\n```nosuch\nWhatever.\n```\n```search\n\n```");

        var child = Assert.Single(result.Candidates.Skip(1));
        Assert.Equal("Answer, fixed.", child["answer"]);
        Assert.Equal("Plan the research.", child["plan"]);
        Assert.Equal("Write a search query.", child["search"]);
        var issues = proposer.Issues;
        Assert.Contains(issues, i => i.Step == "plan" && i.Reason.Contains("no block", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Step == "search" && i.Reason.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Step == "nosuch" && i.Reason.Contains("not one of the steps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProposeAsync_ReplyWithoutUsableBlock_SkipsTheIterationAndTheRunStillEnds()
    {
        var (result, proposer, reflection) = await RunAsync(_ => "I would rather not.");

        Assert.Equal(1, result.NumCandidates);
        Assert.True(reflection.Calls.Count > 0);
        Assert.Contains(proposer.Issues, i => i.Step is null && i.Reason.Contains("no usable block", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProposeAsync_ReflectionTransportFailure_SkipsTheIterationWithoutScoringAnything()
    {
        var (result, proposer, _) = await RunAsync(_ => throw new HttpRequestException("boom", null, HttpStatusCode.ServiceUnavailable));

        Assert.Equal(1, result.NumCandidates);
        Assert.Contains(proposer.Issues, i => i.Reason.Contains("HttpRequestException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProposeAsync_StepsNeverReached_AreLeftOutOfThePromptAndNotReportedMissing()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Task));
        var seed = program.SeedCandidate().With("plan", "Plan, then stop.");

        var (result, proposer, reflection) = await RunAsync(_ => "```plan\nPlan the research.\n```", seed);

        var prompt = reflection.Calls[0].Messages[^1].Text;
        Assert.Contains("===== Step `plan` =====", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Step `search`", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Step `answer`", prompt, StringComparison.Ordinal);
        Assert.Empty(proposer.Issues);
        Assert.Equal(1, result.NumCandidates); // the child still scores 0, so it is not accepted
    }

    [Fact]
    public void Constructor_TemplateWithoutStepsPlaceholder_ThrowsNamingTheOption()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Task));
        var options = new JointStepProposerOptions { Template = "no placeholder" };

        var ex = Assert.Throws<ArgumentException>(() => new JointStepProposer<QaCase>(program.ToAdapter(Metric), s_train, new FakeChatClient(), options));

        Assert.Contains("JointStepProposerOptions.Template", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedStep_ThrowsNamingTheOption()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Task));
        var options = new JointStepProposerOptions { Steps = { "answer", "answer" } };

        var ex = Assert.Throws<ArgumentException>(() => new JointStepProposer<QaCase>(program.ToAdapter(Metric), s_train, new FakeChatClient(), options));

        Assert.Contains("JointStepProposerOptions.Steps", ex.Message, StringComparison.Ordinal);
    }
}
