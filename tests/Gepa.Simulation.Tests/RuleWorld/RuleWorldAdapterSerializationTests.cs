using System.Text.Json;
using Gepa.Simulation;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

public sealed class RuleWorldAdapterSerializationTests
{
    [Fact]
    public async Task SerializeThenDeserialize_TraceAndOutput_RoundTripForCheckpoints()
    {
        var world = new World(new RuleWorldOptions { Modules = 2 });
        var adapter = new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world));
        var eval = await adapter.EvaluateAsync([.. world.Trainset.Take(2)], world.SeedCandidate(), captureTraces: true, TestContext.Current.CancellationToken);

        var trace = (RuleWorldTrace)adapter.Deserialize(JsonDocument.Parse(adapter.Serialize(eval.Traces![0]).GetRawText()).RootElement, isTrace: true)!;
        var output = adapter.Deserialize(adapter.Serialize(eval.Outputs[1]), isTrace: false);

        var original = (RuleWorldTrace)eval.Traces[0]!;
        Assert.Equal(original.Example.Id, trace.Example.Id);
        Assert.Equal(original.Example.RequiredRules, trace.Example.RequiredRules);
        Assert.Equal(original.Steps, trace.Steps);
        Assert.Equal(original.Feedback, trace.Feedback);
        Assert.Equal(eval.Outputs[1], output);
        var records = await adapter.BuildReflectiveDatasetAsync(world.SeedCandidate(), [.. world.Trainset.Take(1)], new EvaluationBatch([trace.Score], [trace.FinalReply], [trace]), ["query"], TestContext.Current.CancellationToken);
        Assert.Single(records.RecordsFor("query"));
    }
}
