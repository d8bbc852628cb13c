using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Puts the optimize-anything evaluator behind the engine's adapter: every evaluation goes through the
/// <see cref="EvaluationServer"/>; the trace of an example is its side information; the reflective records are the
/// side information as the reference shapes it (<c>scores</c> shown as "Scores (Higher is Better)", a component's
/// <c>_specific_info</c> only in its own records, images as markers the reflection client attaches).</summary>
internal sealed class AnythingAdapter(EvaluationServer server, ReflectionImages images, bool showScore) : IGepaAdapter<AnythingItem>
{
    public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<AnythingItem> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        var results = await server.EvaluateItemsAsync(candidate, batch, cancellationToken).ConfigureAwait(false);
        var objectives = results.Select(r => ObjectiveScores(candidate, r.Info)).ToList();
        return new EvaluationBatch(
            [.. results.Select(r => r.Score)],
            outputs: [.. results.Select(r => (object?)r)],
            traces: captureTraces ? [.. results.Select(r => (object?)r)] : null,
            objectiveScores: objectives.All(o => o.Count == 0) ? null : objectives);
    }

    public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<AnythingItem> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        var dataset = new ReflectiveDataset();
        var traces = evaluation.Traces ?? evaluation.Outputs;
        foreach (var component in components)
        {
            var records = new List<ReflectiveRecord>();
            for (var i = 0; i < traces.Count; i++)
            {
                var record = new ReflectiveRecord();
                if (showScore)
                {
                    record["Score"] = SideInfo.FormatScalar(evaluation.Scores[i]);
                }

                if (traces[i] is ServedEvaluation served)
                {
                    Fill(record, served.Info, component);
                }
                else if (traces[i] is EvaluationFailure failure)
                {
                    record[SideInfoKeys.Error] = failure.Message;
                }

                records.Add(record);
            }

            dataset.Add(component, records);
        }

        return ValueTask.FromResult(dataset);
    }

    /// <summary>Objective scores from <c>scores</c> and from each component's <c>_specific_info.scores</c> as
    /// <c>component::objective</c>, as the reference extracts them.</summary>
    internal static Dictionary<string, double> ObjectiveScores(Candidate candidate, SideInfo info)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in info.ObjectiveScores())
        {
            scores[k] = v;
        }

        foreach (var name in candidate.ComponentNames)
        {
            if (info.TryGetValue(name + SideInfoKeys.SpecificInfoSuffix, out var s) && s is SideInfo specific)
            {
                foreach (var (k, v) in specific.ObjectiveScores())
                {
                    scores[name + "::" + k] = v;
                }
            }
        }

        return scores;
    }

    private void Fill(ReflectiveRecord record, SideInfo info, string component)
    {
        foreach (var (key, value) in info)
        {
            if (key == SideInfoKeys.Scores)
            {
                record[SideInfoKeys.ScoresHeading] = Value(value);
            }
            else if (key == component + SideInfoKeys.SpecificInfoSuffix && value is SideInfo own)
            {
                foreach (var (k, v) in own)
                {
                    record[k] = Value(v);
                }
            }
            else if (!key.EndsWith(SideInfoKeys.SpecificInfoSuffix, StringComparison.Ordinal))
            {
                record[key] = Value(value);
            }
        }
    }

    private ReflectiveValue Value(object? value) => value switch
    {
        SideInfo nested => ReflectiveValue.FromRecord(ToRecord(nested)),
        DataContent image => images.Marker(image),
        string s => s,
        IEnumerable<object?> items => ReflectiveValue.FromList(items.Select(Value)),
        _ => SideInfo.FormatScalar(value),
    };

    private ReflectiveRecord ToRecord(SideInfo info)
    {
        var r = new ReflectiveRecord();
        foreach (var (k, v) in info)
        {
            r[k] = Value(v);
        }

        return r;
    }
}
