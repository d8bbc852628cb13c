using System.Collections.Concurrent;
using System.Text;

namespace Gepa.Cli.Running;

/// <summary>Keeps what candidates did on the validation examples (output, feedback, score) as the engine evaluates them,
/// so that the run directory's <c>examples.json</c> can show the seed against the best candidate, example by example, at
/// no extra model call.</summary>
/// <remarks>The adapter is wrapped: a validation evaluation is run with traces (the chat-prompt and RuleWorld adapters
/// compute them anyway), the adapter's own reflective records give the output and feedback (the reference's
/// <c>Generated Outputs</c> and <c>Feedback</c>, of the last component: a pipeline's final step), and the traces are dropped
/// again when the engine did not ask for them. Only the seed, the best and the newest candidates are kept, each text cut to
/// <see cref="ExampleResult.MaxTextLength"/>. The records are built only when a candidate's results are asked for (the
/// seed's and the best's, when they change): an evaluation is kept as it came until then, so that a run does not pay for
/// the records of every validation rollout of candidates that never become the best.</remarks>
/// <typeparam name="TExample">The example type.</typeparam>
internal sealed class ExampleCapture<TExample>
{
    private const int KeptNewest = 5;
    private const string OutputsKey = "Generated Outputs";
    private const string FeedbackKey = "Feedback";

    private readonly Dictionary<object, int> _valIndex;
    private readonly Func<TExample, ExampleText> _describe;
    private readonly ConcurrentDictionary<string, Seen> _seen = new(StringComparer.Ordinal);

    /// <summary>Initializes a capture over a valset.</summary>
    /// <param name="valset">The validation examples.</param>
    /// <param name="describe">How an example reads.</param>
    public ExampleCapture(IReadOnlyList<TExample> valset, Func<TExample, ExampleText> describe)
    {
        _describe = describe;
        _valIndex = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < valset.Count; i++)
        {
            if (valset[i] is { } example)
            {
                _valIndex.TryAdd(example, i);
            }
        }
    }

    /// <summary>Wraps an adapter so that its validation evaluations are seen.</summary>
    /// <param name="inner">The adapter.</param>
    /// <returns>The wrapped adapter (it keeps the inner adapter's <see cref="IEvaluationSerializer"/>).</returns>
    public IGepaAdapter<TExample> Wrap(IGepaAdapter<TExample> inner) =>
        inner is IEvaluationSerializer serializer ? new SerializingAdapter(this, inner, serializer) : new Adapter(this, inner);

    /// <summary>Keeps the seed's evaluation made before the run (<see cref="GepaOptions.PriorSeedEvaluation"/>: memory's
    /// start scored it on the first validation examples), which the engine does not make again.</summary>
    /// <param name="inner">The adapter <see cref="Wrap"/> wraps (it builds the records).</param>
    /// <param name="valset">The validation examples.</param>
    /// <param name="prior">The evaluation.</param>
    public void SeePrior(IGepaAdapter<TExample> inner, IReadOnlyList<TExample> valset, PriorEvaluation prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        var n = Math.Min(prior.Batch.Count, valset.Count);
        if (n > 0 && n == prior.Batch.Count)
        {
            See(inner, [.. valset.Take(n)], [.. Enumerable.Range(0, n)], prior.Candidate, prior.Batch);
        }
    }

    /// <summary>Carries a resumed run's recorded results over, by candidate text.</summary>
    /// <param name="document">The previous <c>examples.json</c>.</param>
    /// <param name="pool">The saved pool.</param>
    public void Restore(ExamplesDocument? document, IReadOnlyList<Candidate> pool)
    {
        foreach (var c in document?.Candidates ?? [])
        {
            if (c.Candidate >= 0 && c.Candidate < pool.Count)
            {
                var results = _seen.GetOrAdd(Key(pool[c.Candidate]), _ => new()).Results;
                foreach (var r in c.Examples)
                {
                    results.TryAdd(r.Example, r);
                }
            }
        }
    }

    /// <summary>Gets a pool candidate's results (for <see cref="GepaRunDirectory.Examples"/>) and forgets candidates that
    /// are neither the seed, the best, nor among the newest.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="index">The candidate's pool index.</param>
    /// <returns>Its results by example, or <see langword="null"/> when none were seen.</returns>
    public IReadOnlyList<ExampleResult>? Results(IReadOnlyList<Candidate> pool, int index)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var keep = new HashSet<string>(StringComparer.Ordinal) { Key(pool[0]), Key(pool[index]) };
        keep.UnionWith(pool.Skip(Math.Max(0, pool.Count - KeptNewest)).Select(Key));
        foreach (var key in _seen.Keys.Where(k => !keep.Contains(k)))
        {
            _seen.TryRemove(key, out _);
        }

        if (!_seen.TryGetValue(Key(pool[index]), out var seen))
        {
            return null;
        }

        Materialize(seen);
        return seen.Results.IsEmpty ? null : [.. seen.Results.Values.OrderBy(r => r.Example)];
    }

    private static string Key(Candidate candidate) =>
        string.Join('\u0001', candidate.Select(kv => kv.Key + "\u0002" + kv.Value));

    private static string? Text(ReflectiveValue? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Text is { } text)
        {
            return text;
        }

        var b = new StringBuilder();
        if (value.Record is { } record)
        {
            foreach (var (k, v) in record)
            {
                b.Append(k).Append(": ").Append(Text(v)).Append('\n');
            }
        }

        foreach (var item in value.Items ?? [])
        {
            b.Append("- ").Append(Text(item)).Append('\n');
        }

        return b.ToString().TrimEnd();
    }

    private static ReflectiveValue? Find(ReflectiveRecord record, string key) =>
        record.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private async ValueTask<EvaluationBatch> EvaluateAsync(IGepaAdapter<TExample> inner, IReadOnlyList<TExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        var ids = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is not { } example || !_valIndex.TryGetValue(example, out ids[i]))
            {
                return await inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken).ConfigureAwait(false);
            }
        }

        var eval = await inner.EvaluateAsync(batch, candidate, captureTraces: true, cancellationToken).ConfigureAwait(false);
        See(inner, batch, ids, candidate, eval);
        return captureTraces || eval.Traces is null ? eval : new EvaluationBatch(eval.Scores, eval.Outputs, null, eval.ObjectiveScores, eval.MetricCalls);
    }

    /// <summary>Keeps an evaluation, as it came, until its candidate's results are asked for.</summary>
    private void See(IGepaAdapter<TExample> inner, IReadOnlyList<TExample> batch, int[] ids, Candidate candidate, EvaluationBatch eval) =>
        _seen.GetOrAdd(Key(candidate), _ => new()).Pending.Enqueue(new PendingEvaluation(inner, batch, ids, candidate, eval));

    /// <summary>Turns a candidate's kept evaluations into results, in the order they were made (a later evaluation of an
    /// example replaces an earlier one).</summary>
    private void Materialize(Seen seen)
    {
        lock (seen)
        {
            while (seen.Pending.TryDequeue(out var p))
            {
                // The adapters the tool runs build their records synchronously; this is called at a checkpoint, between iterations.
                var building = MaterializeAsync(p.Inner, p.Batch, p.Ids, p.Candidate, p.Eval, seen.Results, CancellationToken.None);
                if (!building.IsCompleted)
                {
                    building.AsTask().GetAwaiter().GetResult();
                }
            }
        }
    }

    private async ValueTask MaterializeAsync(IGepaAdapter<TExample> inner, IReadOnlyList<TExample> batch, int[] ids, Candidate candidate, EvaluationBatch eval, ConcurrentDictionary<int, ExampleResult> results, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReflectiveRecord>? records = null;
        var last = candidate.Select(kv => kv.Key).LastOrDefault();
        if (eval.Traces is not null && last is not null && eval.Count == batch.Count)
        {
            try
            {
                var dataset = await inner.BuildReflectiveDatasetAsync(candidate, batch, eval, [last], cancellationToken).ConfigureAwait(false);
                var r = dataset.RecordsFor(last);
                records = r.Count == batch.Count ? r : null;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                // What the report shows is a courtesy: without records it shows the raw outputs.
            }
        }

        for (var i = 0; i < batch.Count && i < eval.Count; i++)
        {
            var text = _describe(batch[i]);
            var record = records?[i];
            results[ids[i]] = new ExampleResult
            {
                Example = ids[i],
                Id = ExampleResult.Truncate(text.Id),
                Input = ExampleResult.Truncate(text.Input) ?? "",
                Expected = ExampleResult.Truncate(text.Expected),
                Output = ExampleResult.Truncate((record is null ? null : Text(Find(record, OutputsKey))) ?? eval.Outputs[i]?.ToString()),
                Feedback = ExampleResult.Truncate(record is null ? null : Text(Find(record, FeedbackKey))),
                Score = eval.Scores[i],
            };
        }
    }

    /// <summary>What is kept of one candidate: its results, and the evaluations not yet turned into results.</summary>
    private sealed class Seen
    {
        public ConcurrentDictionary<int, ExampleResult> Results { get; } = new();

        public ConcurrentQueue<PendingEvaluation> Pending { get; } = new();
    }

    private sealed record PendingEvaluation(IGepaAdapter<TExample> Inner, IReadOnlyList<TExample> Batch, int[] Ids, Candidate Candidate, EvaluationBatch Eval);

    private class Adapter(ExampleCapture<TExample> capture, IGepaAdapter<TExample> inner) : IGepaAdapter<TExample>
    {
        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<TExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
            capture.EvaluateAsync(inner, batch, candidate, captureTraces, cancellationToken);

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<TExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken) =>
            inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
    }

    private sealed class SerializingAdapter(ExampleCapture<TExample> capture, IGepaAdapter<TExample> inner, IEvaluationSerializer serializer) : Adapter(capture, inner), IEvaluationSerializer
    {
        public System.Text.Json.JsonElement Serialize(object? value) => serializer.Serialize(value);

        public object? Deserialize(System.Text.Json.JsonElement json, bool isTrace) => serializer.Deserialize(json, isTrace);
    }
}
