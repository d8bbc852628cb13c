using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed class ExternalStepTests
{
    /// <summary>A program whose LLM call is made by code that cannot take a StepContext (an agent, another framework).</summary>
    private sealed class AgentProgram : LmProgram<string, string>
    {
        private readonly IChatClient _client;
        private readonly ExternalStep _planner;

        public AgentProgram(IChatClient inner)
        {
            _client = new ChatClientBuilder(inner).UseGepaTracing().Build();
            _planner = AddExternalStep("planner", "Plan the trip.");
        }

        protected override async Task<string> RunAsync(string example, StepContext context, CancellationToken cancellationToken)
        {
            using (GepaTrace.BeginStep("planner"))
            {
                return (await _client.GetResponseAsync([new(ChatRole.System, _planner.Prompt()), new(ChatRole.User, example)], cancellationToken: cancellationToken)).Text;
            }
        }
    }

    [Fact]
    public async Task ProgramAdapter_CallsRecordedByTheMiddleware_BecomeRecordsOfTheExternalStep()
    {
        var program = new AgentProgram(new ScriptedStepChatClient((_, m) => $"{m[0].Text} / {m[1].Text}"));
        var candidate = program.SeedCandidate().With("planner", "Plan it cheaply.");
        var adapter = program.ToAdapter((e, o, t, c) => ProgramScore.Of(1).For("planner", "fine"));

        var eval = await adapter.EvaluateAsync(["Oslo", "Rome"], candidate, captureTraces: true, TestContext.Current.CancellationToken);
        var dataset = await adapter.BuildReflectiveDatasetAsync(candidate, ["Oslo", "Rome"], eval, ["planner"], TestContext.Current.CancellationToken);

        Assert.Equal(["Plan it cheaply. / Oslo", "Plan it cheaply. / Rome"], eval.Outputs);
        Assert.Equal(["Oslo", "Rome"], dataset.RecordsFor("planner").Select(r => r["Inputs"].Text));
        Assert.All(dataset.RecordsFor("planner"), r => Assert.Equal("fine", r["Feedback"].Text));
    }

    [Fact]
    public void Prompt_OutsideARollout_IsTheSeed() =>
        Assert.Equal("Plan the trip.", new ExternalStep("planner", "Plan the trip.").Prompt());
}
