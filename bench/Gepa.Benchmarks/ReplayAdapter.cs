namespace Gepa.Benchmarks;

/// <summary>Records the answers of an inner adapter per (candidate, example), then replays them from memory, so a run
/// measured in replay pays only the engine's own cost, not the simulated world's.</summary>
internal sealed class ReplayAdapter<TExample>(IGepaAdapter<TExample> inner, Func<TExample, string> exampleId) : IGepaAdapter<TExample>
{
    private readonly Dictionary<Candidate, Dictionary<string, Answer>> _answers = [];
    private readonly Lock _gate = new();

    /// <summary>Whether calls go to the inner adapter (and are stored) or are answered from what was stored.</summary>
    public bool Recording { get; set; } = true;

    public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<TExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        if (Recording)
        {
            var evaluation = await inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);
            lock (_gate)
            {
                if (!_answers.TryGetValue(candidate, out var perExample))
                {
                    perExample = [];
                    _answers[candidate] = perExample;
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    // A val answer (no trace) never replaces a minibatch answer that carries one.
                    var trace = evaluation.Traces?[i];
                    var id = exampleId(batch[i]);
                    if (trace is not null || !perExample.ContainsKey(id))
                    {
                        perExample[id] = new Answer(evaluation.Scores[i], evaluation.Outputs[i], trace);
                    }
                }
            }

            return evaluation;
        }

        Dictionary<string, Answer> answers;
        lock (_gate)
        {
            answers = _answers.TryGetValue(candidate, out var found)
                ? found
                : throw new InvalidOperationException("The replay met a candidate the recording never evaluated: the run diverged.");
        }

        var scores = new double[batch.Count];
        var outputs = new object?[batch.Count];
        var traces = captureTraces ? new object?[batch.Count] : null;
        for (var i = 0; i < batch.Count; i++)
        {
            var answer = answers[exampleId(batch[i])];
            scores[i] = answer.Score;
            outputs[i] = answer.Output;
            if (traces is not null)
            {
                traces[i] = answer.Trace ?? throw new InvalidOperationException("The replay needs a trace the recording did not capture: the run diverged.");
            }
        }

        return new EvaluationBatch(scores, outputs, traces);
    }

    public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<TExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken) =>
        inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);

    private sealed record Answer(double Score, object? Output, object? Trace);
}
