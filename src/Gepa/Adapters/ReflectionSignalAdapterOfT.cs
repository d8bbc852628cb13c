using System.Globalization;

namespace Gepa;

/// <summary>An adapter that evaluates through another one but shows the reflection model only part of each reflective
/// record: the input, and for <see cref="ReflectionSignal.ScoresOnly"/> the example's score. Create it with
/// <see cref="ReflectionSignalAdapter.Wrap{TExample}"/>.</summary>
/// <typeparam name="TExample">The example type.</typeparam>
public class ReflectionSignalAdapter<TExample> : IGepaAdapter<TExample>
{
    private readonly IGepaAdapter<TExample> _inner;

    /// <summary>Initializes the wrapper.</summary>
    /// <param name="inner">The adapter that evaluates and builds the full reflective records.</param>
    /// <param name="signal">What the reflection model may see.</param>
    public ReflectionSignalAdapter(IGepaAdapter<TExample> inner, ReflectionSignal signal)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        Signal = signal;
    }

    /// <summary>Gets what the reflection model may see.</summary>
    public ReflectionSignal Signal { get; }

    /// <inheritdoc/>
    public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<TExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
        _inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<TExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var full = await _inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
        if (Signal == ReflectionSignal.Feedback)
        {
            return full;
        }

        var reduced = new ReflectiveDataset();
        foreach (var (component, records) in full)
        {
            // Records follow the batch's order (one per example) in every adapter we ship; when they do not, no score is
            // attached rather than a wrong one.
            var scored = Signal == ReflectionSignal.ScoresOnly && records.Count == evaluation.Scores.Count;
            reduced.Add(component, records.Select((record, i) =>
            {
                var kept = new ReflectiveRecord();
                var input = record.FirstOrDefault(e => string.Equals(e.Key, ReflectionSignalAdapter.InputsKey, StringComparison.OrdinalIgnoreCase));
                if (input.Value is not null)
                {
                    kept[ReflectionSignalAdapter.InputsKey] = input.Value;
                }

                if (scored)
                {
                    kept[ReflectionSignalAdapter.ScoreKey] = evaluation.Scores[i].ToString("0.###", CultureInfo.InvariantCulture);
                }

                return kept;
            }));
        }

        return reduced;
    }
}
