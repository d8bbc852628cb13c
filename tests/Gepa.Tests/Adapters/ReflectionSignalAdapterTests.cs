using System.Text.Json;
using Xunit;

namespace Gepa.Tests.Adapters;

public class ReflectionSignalAdapterTests
{
    [Fact]
    public void Wrap_Feedback_ReturnsTheInnerAdapterItself()
    {
        var inner = new RecordingAdapter();
        Assert.Same(inner, ReflectionSignalAdapter.Wrap(inner, ReflectionSignal.Feedback));
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_ScoresOnly_KeepsInputsAndScoresButNoOutputsOrFeedback()
    {
        var adapter = ReflectionSignalAdapter.Wrap(new RecordingAdapter(), ReflectionSignal.ScoresOnly);
        var dataset = await BuildAsync(adapter);

        var records = dataset.RecordsFor("system_prompt");
        Assert.Equal(2, records.Count);
        Assert.Equal(["Inputs", "Score"], records[0].Select(e => e.Key));
        Assert.Equal("question a", records[0]["Inputs"].Text);
        Assert.Equal("1", records[0]["Score"].Text);
        Assert.Equal("0.25", records[1]["Score"].Text);
        Assert.DoesNotContain("secret feedback", ReflectionPrompt.RenderRecords(records), StringComparison.Ordinal);
        Assert.DoesNotContain("model output", ReflectionPrompt.RenderRecords(records), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildReflectiveDatasetAsync_Blind_KeepsOnlyTheInputs()
    {
        var adapter = ReflectionSignalAdapter.Wrap(new RecordingAdapter(), ReflectionSignal.Blind);
        var records = (await BuildAsync(adapter)).RecordsFor("system_prompt");

        Assert.All(records, r => Assert.Equal(["Inputs"], r.Select(e => e.Key)));
        Assert.Equal("question b", records[1]["Inputs"].Text);
    }

    [Fact]
    public async Task EvaluateAsync_AnySignal_PassesThroughTheInnerScores()
    {
        var adapter = ReflectionSignalAdapter.Wrap(new RecordingAdapter(), ReflectionSignal.Blind);
        var batch = await adapter.EvaluateAsync(["a", "b"], new Candidate([new("system_prompt", "x")]), false, CancellationToken.None);
        Assert.Equal([1.0, 0.25], batch.Scores);
    }

    [Fact]
    public void Wrap_SerializingInner_StaysASerializer()
    {
        Assert.IsNotAssignableFrom<IEvaluationSerializer>(ReflectionSignalAdapter.Wrap(new RecordingAdapter(), ReflectionSignal.Blind));
        var wrapped = Assert.IsAssignableFrom<IEvaluationSerializer>(ReflectionSignalAdapter.Wrap(new SerializingAdapter(), ReflectionSignal.ScoresOnly));
        Assert.Equal("\"custom\"", wrapped.Serialize("anything").GetRawText());
    }

    private static async Task<ReflectiveDataset> BuildAsync(IGepaAdapter<string> adapter)
    {
        var candidate = new Candidate([new("system_prompt", "x")]);
        var evaluation = await adapter.EvaluateAsync(["a", "b"], candidate, true, CancellationToken.None);
        return await adapter.BuildReflectiveDatasetAsync(candidate, ["a", "b"], evaluation, ["system_prompt"], CancellationToken.None);
    }

    private class RecordingAdapter : IGepaAdapter<string>
    {
        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<string> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new EvaluationBatch(
                scores: [.. batch.Select(b => b == "a" ? 1.0 : 0.25)],
                outputs: [.. batch.Select(b => (object?)("model output " + b))],
                traces: captureTraces ? [.. batch.Select(b => (object?)b)] : null));

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<string> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            var dataset = new ReflectiveDataset();
            dataset.Add("system_prompt", batch.Select(b => new ReflectiveRecord
            {
                ["Inputs"] = "question " + b,
                ["Generated Outputs"] = "model output " + b,
                ["Feedback"] = "secret feedback " + b,
            }));
            return ValueTask.FromResult(dataset);
        }
    }

    private sealed class SerializingAdapter : RecordingAdapter, IEvaluationSerializer
    {
        public JsonElement Serialize(object? value) => JsonSerializer.SerializeToElement("custom");

        public object? Deserialize(JsonElement json, bool isTrace) => "custom";
    }
}
