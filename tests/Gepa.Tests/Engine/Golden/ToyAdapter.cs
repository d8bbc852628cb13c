namespace Gepa.Tests.Engine.Golden;

/// <summary>The toy adapter of golden/README.md, reimplemented exactly, recording every call.</summary>
public sealed class ToyAdapter(bool objectiveScores) : IGepaAdapter<ToyExample>
{
    public List<(int[] Ids, Candidate Candidate, bool CaptureTraces)> Calls { get; } = [];

    public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        Calls.Add(([.. batch.Select(e => e.Id)], candidate, captureTraces));
        var scores = new List<double>();
        var outputs = new List<object?>();
        var traces = new List<object?>();
        var objectives = new List<IReadOnlyDictionary<string, double>>();
        foreach (var ex in batch)
        {
            var tokens = candidate[ex.Slot].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var score = tokens.Contains(ex.Word) ? 1.0 : 0.0;
            scores.Add(score);
            outputs.Add(new { id = ex.Id, hit = score });
            traces.Add(new ToyTrace(ex, (score == 1.0 ? "OK:" : "MISSING:") + ex.Word, ex.Slot));
            objectives.Add(new Dictionary<string, double> { ["hit"] = score, ["brevity"] = 1.0 / (1 + tokens.Length) });
        }

        return ValueTask.FromResult(new EvaluationBatch(scores, outputs, captureTraces ? traces : null, objectiveScores ? objectives : null));
    }

    public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        var dataset = new ReflectiveDataset();
        foreach (var component in components)
        {
            var records = new List<ReflectiveRecord>();
            for (var i = 0; i < evaluation.Count; i++)
            {
                var trace = (ToyTrace)evaluation.Traces![i]!;
                if (trace.Slot != component)
                {
                    continue;
                }

                records.Add(new ReflectiveRecord
                {
                    ["Inputs"] = trace.Example.Word,
                    ["Generated Outputs"] = evaluation.Scores[i] == 1.0 ? "1.0" : "0.0",
                    ["Feedback"] = trace.Feedback,
                });
            }

            dataset.Add(component, records);
        }

        return ValueTask.FromResult(dataset);
    }
}
