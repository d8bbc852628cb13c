using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed class ProgramAdapterSerializationTests
{
    private static readonly QaCase[] s_train =
    [
        new("Who founded Acme?", "Ada"), new("Who built Bolt?", "Bob"), new("Who founded Cask?", "Ada"),
        new("Who broke Dyne?", "Cy"), new("Who built Echo?", "Bob"), new("Who founded Fern?", "Ada"),
    ];

    private static readonly QaCase[] s_val = [new("Who founded Gulf?", "Ada"), new("Who built Hive?", "Bob"), new("Who broke Iris?", "Cy"), new("Who founded Jade?", "Ada")];

    // Answers right once the answer step's instruction is "fixed" (for "founded") or "fixed twice" (for "built");
    // a question about breaking gets a reply that does not parse.
    private static string Task(string? step, IList<ChatMessage> messages)
    {
        var instruction = messages[0].Text;
        var question = messages[^1].Text;
        return step switch
        {
            "plan" => "plan",
            "search" => "query",
            "answer" when question.Contains("broke", StringComparison.Ordinal) => "not json",
            "answer" when question.Contains("founded", StringComparison.Ordinal) && instruction.Contains("fixed", StringComparison.Ordinal) => """{"answer":"Ada"}""",
            "answer" when question.Contains("built", StringComparison.Ordinal) && instruction.Contains("fixed fixed", StringComparison.Ordinal) => """{"answer":"Bob"}""",
            "answer" => """{"answer":"Zed"}""",
            _ => throw new InvalidOperationException($"untagged call: {step}"),
        };
    }

    private static ProgramScore Metric(QaCase example, AnswerOut output, ProgramTrace trace, MetricContext context)
    {
        var score = output.Answer == example.Gold ? 1.0 : 0.0;
        return ProgramScore.Of(score, "program feedback").For("answer", $"expected {example.Gold}").WithObjective("exact", score);
    }

    // The reflection model appends " fixed" to the current text (the first fenced block of the prompt).
    private static FakeChatClient Reflection() => new((messages, _, _) =>
    {
        var prompt = messages[^1].Text;
        var start = prompt.IndexOf("```\n", StringComparison.Ordinal) + 4;
        var current = prompt[start..prompt.IndexOf("\n```", start, StringComparison.Ordinal)];
        return System.Threading.Tasks.Task.FromResult(FakeChatClient.Response($"```\n{current} fixed\n```"));
    });

    [Fact]
    public async Task Deserialize_SerializedTraces_GiveTheSameReflectiveRecordsAndOutputs()
    {
        var program = new ResearchProgram(new ScriptedStepChatClient(Task));
        var adapter = program.ToAdapter(Metric);
        var candidate = program.SeedCandidate().With("answer", "Answer, fixed.");
        var eval = await adapter.EvaluateAsync(s_train, candidate, captureTraces: true, TestContext.Current.CancellationToken);

        // Through JSON text, as a checkpoint stores it.
        object? RoundTrip(object? value, bool isTrace) =>
            adapter.Deserialize(JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(adapter.Serialize(value))), isTrace);
        var restored = new EvaluationBatch(eval.Scores, [.. eval.Outputs.Select(o => RoundTrip(o, false))], [.. eval.Traces!.Select(t => RoundTrip(t, true))], eval.ObjectiveScores);

        Assert.Equal(eval.Outputs, restored.Outputs);
        string[] steps = ["plan", "search", "answer"];
        var before = await adapter.BuildReflectiveDatasetAsync(candidate, s_train, eval, steps, TestContext.Current.CancellationToken);
        var after = await adapter.BuildReflectiveDatasetAsync(candidate, s_train, restored, steps, TestContext.Current.CancellationToken);
        Assert.All(steps, s => Assert.Equal(ReflectionPrompt.RenderRecords(before.RecordsFor(s)), ReflectionPrompt.RenderRecords(after.RecordsFor(s))));
        Assert.Contains("failed to parse", ReflectionPrompt.RenderRecords(after.RecordsFor("answer")), StringComparison.Ordinal);
        var trajectory = Assert.IsType<ProgramTrajectory>(restored.Traces![0]);
        Assert.Equal(["plan", "search", "search", "answer"], trajectory.Trace.Calls.Select(c => c.Step));
        Assert.Equal(2, trajectory.Trace.EventsOf("hop").Count);
    }

    [Fact]
    public async Task ResumeAsync_ProgramRunWithTheCache_ReproducesTheUninterruptedRunFromEveryCheckpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        GepaOptions Options() => new() { Seed = 1, MaxMetricCalls = 90, CacheEvaluation = true, ReflectionRetryDelay = TimeSpan.Zero };
        var checkpoints = new List<string>();
        var options = Options();
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            checkpoints.Add(JsonSerializer.Serialize(cp));
            return ValueTask.CompletedTask;
        });
        var program = new ResearchProgram(new ScriptedStepChatClient(Task));
        var full = await new GepaOptimizer<QaCase>(program.ToAdapter(Metric), Reflection(), options).OptimizeAsync(program.SeedCandidate(), s_train, s_val, ct);
        Assert.True(full.NumCandidates > 2, $"only {full.NumCandidates} candidates");
        Assert.True(checkpoints.Count > 2);
        Assert.Contains(checkpoints, c => c.Contains("entries", StringComparison.Ordinal)); // traces are in the checkpoint

        foreach (var json in checkpoints)
        {
            var client = new ScriptedStepChatClient(Task);
            var resumedProgram = new ResearchProgram(client);
            var resumed = await new GepaOptimizer<QaCase>(resumedProgram.ToAdapter(Metric), Reflection(), Options())
                .ResumeAsync(JsonSerializer.Deserialize<GepaCheckpoint>(json)!, s_train, s_val, ct);

            Assert.Equal(full.Candidates, resumed.Candidates);
            Assert.Equal(full.Parents.Select(p => string.Join(",", p)), resumed.Parents.Select(p => string.Join(",", p)));
            Assert.Equal(full.ValAggregateScores, resumed.ValAggregateScores);
            Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
            Assert.Equal(full.Iterations, resumed.Iterations);
        }
    }
}
