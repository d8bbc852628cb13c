using Gepa.Tests;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Gepa.AgentFramework.Tests;

public sealed class GepaAgentExtensionsTests
{
    private const string Seed = "Reply to the customer.";

    // The scripted model shouts when its instructions say so; it records what it was sent.
    private static FakeChatClient Model() => new((messages, options, _) =>
        Task.FromResult(FakeChatClient.Response((options?.Instructions ?? string.Empty).Contains("capitals", StringComparison.Ordinal) ? "HELLO " + messages[^1].Text.ToUpperInvariant() : "hello " + messages[^1].Text)));

    /// <summary>A program whose only step is a real Agent Framework agent.</summary>
    private sealed class SupportProgram : LmProgram<string, string>
    {
        public SupportProgram(IChatClient model) => Agent = model.AsGepaAgent(AddExternalStep("support", Seed));

        public ChatClientAgent Agent { get; }

        protected override async Task<string> RunAsync(string example, StepContext context, CancellationToken cancellationToken) =>
            (await Agent.RunAsync(example, cancellationToken: cancellationToken)).Text;
    }

    private static ProgramScore Metric(string example, string output, ProgramTrace trace, MetricContext context) =>
        output == "HELLO " + example.ToUpperInvariant() ? ProgramScore.Of(1) : ProgramScore.Of(0, "Answer in capitals.");

    [Fact]
    public async Task EvaluateAsync_ThroughProgramAdapter_SwapsTheAgentsInstructionsAndRecordsItsCalls()
    {
        var model = Model();
        var program = new SupportProgram(model);
        var adapter = program.ToAdapter(Metric);
        var candidate = program.SeedCandidate().With("support", "Reply in capitals.");

        var eval = await adapter.EvaluateAsync(["anna", "bo"], candidate, captureTraces: true, TestContext.Current.CancellationToken);

        Assert.Equal([1.0, 1.0], eval.Scores);
        Assert.All(model.Calls, c => Assert.Equal("Reply in capitals.", c.Options?.Instructions));
        Assert.DoesNotContain(model.Calls, c => c.Messages.Any(m => m.Text.Contains(Seed, StringComparison.Ordinal)));
        var trajectory = Assert.IsType<ProgramTrajectory>(eval.Traces![0]);
        var call = Assert.Single(trajectory.Trace.CallsOf("support"));
        Assert.Equal("Reply in capitals.", call.Instruction);
        Assert.Equal("HELLO ANNA", call.RawText);
        Assert.Contains("anna", call.Inputs[0].Value, StringComparison.Ordinal);
        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, ["anna", "bo"], eval, ["support"], TestContext.Current.CancellationToken);
        Assert.Equal(2, dataset.RecordsFor("support").Count);
        Assert.Equal(Seed, program.Agent.Instructions); // the agent itself is unchanged
    }

    [Fact]
    public async Task RunAsync_OutsideARollout_UsesTheSeedInstructionsAndRecordsNothing()
    {
        var model = Model();
        var program = new SupportProgram(model);

        var output = await program.InvokeAsync("anna", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("hello anna", output);
        Assert.Equal(Seed, Assert.Single(model.Calls).Options?.Instructions);
    }

    [Fact]
    public async Task OptimizeAsync_AgentStep_LearnsTheInstructionTheFeedbackAsksFor()
    {
        var program = new SupportProgram(Model());
        var adapter = program.ToAdapter(Metric);
        var reflection = new FakeChatClient((messages, _, _) => Task.FromResult(FakeChatClient.Response(
            messages[^1].Text.Contains("Answer in capitals.", StringComparison.Ordinal) ? "```\nReply to the customer in capitals.\n```" : "```\nReply.\n```")));
        string[] train = ["anna", "bo", "cy"];
        string[] val = ["dee", "ed"];

        var result = await new GepaOptimizer<string>(adapter, reflection, new GepaOptions { MaxMetricCalls = 20, Seed = 0 })
            .OptimizeAsync(program.SeedCandidate(), train, val, TestContext.Current.CancellationToken);

        Assert.Equal("Reply to the customer in capitals.", result.BestCandidate["support"]);
        Assert.Equal(1.0, result.BestScore);
    }
}
