using System.Text.Json;
using Gepa.Cli.Running;
using Xunit;

namespace Gepa.Cli.Tests.Running;

public sealed class ExampleCaptureTests
{
    private static readonly List<Item> Val = [new("v0", "Capital of Spain?", "Madrid"), new("v1", new string('x', 5_000), "Lima")];
    private static readonly List<Item> Train = [new("t0", "Capital of Peru?", "Lima")];
    private static readonly Candidate Seed = new([new KeyValuePair<string, string>("prompt", "Answer.")]);

    [Fact]
    public async Task Wrap_ValidationEvaluation_KeepsOutputFeedbackAndScore_AndDropsTracesNotAskedFor()
    {
        var inner = new FakeAdapter();
        var capture = new ExampleCapture<Item>(Val, e => new ExampleText(e.Id, e.Input, e.Answer));
        var adapter = capture.Wrap(inner);

        var eval = await adapter.EvaluateAsync([Val[1], Val[0]], Seed, captureTraces: false, TestContext.Current.CancellationToken);

        Assert.Null(eval.Traces); // the engine did not ask for them
        Assert.True(inner.AskedForTraces);
        var results = capture.Results([Seed], 0)!;
        Assert.Equal([0, 1], results.Select(r => r.Example));
        Assert.Equal(("v0", "Capital of Spain?", "Madrid", "reply to Capital of Spain?", "wrong, expected Madrid", 0.0), (results[0].Id, results[0].Input, results[0].Expected, results[0].Output, results[0].Feedback, results[0].Score));
        Assert.StartsWith(new string('x', ExampleResult.MaxTextLength) + "… [truncated: 5,000 characters in all]", results[1].Input, StringComparison.Ordinal);
        Assert.Equal(1.0, results[1].Score);
    }

    [Fact]
    public async Task Wrap_TrainingMinibatch_PassesThroughUnseen()
    {
        var inner = new FakeAdapter();
        var capture = new ExampleCapture<Item>(Val, e => new ExampleText(e.Id, e.Input, e.Answer));

        var eval = await capture.Wrap(inner).EvaluateAsync(Train, Seed, captureTraces: false, TestContext.Current.CancellationToken);

        Assert.False(inner.AskedForTraces);
        Assert.Null(eval.Traces);
        Assert.Null(capture.Results([Seed], 0));
    }

    [Fact]
    public void Wrap_KeepsTheAdaptersSerializer_OnlyWhenItHasOne()
    {
        var capture = new ExampleCapture<Item>(Val, e => new ExampleText(e.Id, e.Input, e.Answer));

        Assert.IsAssignableFrom<IEvaluationSerializer>(capture.Wrap(new SerializingAdapter()));
        Assert.False(capture.Wrap(new FakeAdapter()) is IEvaluationSerializer);
    }

    [Fact]
    public void Restore_CarriesAResumedRunsResultsOverByCandidateText()
    {
        var child = Seed.With("prompt", "Answer with the capital.");
        var document = new ExamplesDocument
        {
            Best = 1,
            Candidates = [new CandidateExamples { Candidate = 1, Examples = [new ExampleResult { Example = 0, Input = "q", Output = "Madrid", Score = 1 }] }],
        };
        var capture = new ExampleCapture<Item>(Val, e => new ExampleText(e.Id, e.Input, e.Answer));

        capture.Restore(document, [Seed, child]);

        Assert.Null(capture.Results([Seed, child], 0));
        Assert.Equal("Madrid", capture.Results([Seed, child], 1)!.Single().Output);
    }

    [Fact]
    public async Task Results_RecordsBuiltOnlyForTheCandidateAskedFor_LaterEvaluationReplacingTheEarlier()
    {
        var inner = new FakeAdapter();
        var capture = new ExampleCapture<Item>(Val, e => new ExampleText(e.Id, e.Input, e.Answer));
        var adapter = capture.Wrap(inner);
        var other = Seed.With("prompt", "Answer with the capital.");
        var ct = TestContext.Current.CancellationToken;

        await adapter.EvaluateAsync([Val[0]], Seed, captureTraces: false, ct);
        await adapter.EvaluateAsync([Val[0], Val[1]], Seed, captureTraces: false, ct);
        await adapter.EvaluateAsync(Val, other, captureTraces: false, ct);
        Assert.Equal(0, inner.DatasetsBuilt); // nothing built while the run evaluates

        var results = capture.Results([Seed, other], 0)!;

        Assert.Equal(2, inner.DatasetsBuilt); // the seed's two evaluations, not the other candidate's
        Assert.Equal([0, 1], results.Select(r => r.Example));
        Assert.Equal("wrong, expected Madrid", results[0].Feedback);
        Assert.Equal(2, capture.Results([Seed, other], 0)!.Count);
        Assert.Equal(2, inner.DatasetsBuilt); // built once
    }

    public sealed record Item(string Id, string Input, string Answer);

    private class FakeAdapter : IGepaAdapter<Item>
    {
        public bool AskedForTraces { get; private set; }

        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<Item> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
        {
            AskedForTraces |= captureTraces;
            var outputs = batch.Select(e => (object?)("reply to " + e.Input)).ToList();
            var scores = batch.Select(e => e.Answer == "Lima" ? 1.0 : 0.0).ToList();
            return ValueTask.FromResult(new EvaluationBatch(scores, outputs, captureTraces ? outputs : null));
        }

        public int DatasetsBuilt { get; private set; }

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<Item> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            DatasetsBuilt++;
            var dataset = new ReflectiveDataset();
            dataset.Add(components[0], batch.Select((e, i) => new ReflectiveRecord
            {
                ["Inputs"] = e.Input,
                ["Generated Outputs"] = evaluation.Outputs[i]!.ToString()!,
                ["Feedback"] = evaluation.Scores[i] >= 1 ? "right" : $"wrong, expected {e.Answer}",
            }));
            return ValueTask.FromResult(dataset);
        }
    }

    private sealed class SerializingAdapter : FakeAdapter, IEvaluationSerializer
    {
        public JsonElement Serialize(object? value) => JsonSerializer.SerializeToElement(value?.ToString());

        public object? Deserialize(JsonElement json, bool isTrace) => json.GetString();
    }
}
