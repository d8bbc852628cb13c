namespace Gepa;

/// <summary>What a memory start knows of each candidate: its evaluation on a prefix of the validation set. A score asked
/// for on a longer prefix evaluates only the examples not yet known, so the probe, the race and the validation of one
/// candidate never score one example twice, and what is known of the start is handed to the engine
/// (<see cref="GepaOptions.PriorSeedEvaluation"/>) instead of being evaluated a third time.</summary>
/// <remarks>Used by one start, one evaluation at a time (the choice scores candidates in turn).</remarks>
internal sealed class ValidationPrefixes(ValidationEvaluator evaluate)
{
    private readonly Dictionary<Candidate, EvaluationBatch> _known = [];

    /// <summary>Gets the rollouts evaluated so far: one per example evaluated, each counted once.</summary>
    public int Rollouts { get; private set; }

    /// <summary>Returns a candidate's scores on the first <paramref name="count"/> validation examples, evaluating only
    /// those not known yet.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="count">The prefix's length.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The scores, one per example, in order.</returns>
    /// <exception cref="InvalidOperationException">The evaluator returned a different number of entries than asked.</exception>
    public async Task<IReadOnlyList<double>> ScoresAsync(Candidate candidate, int count, CancellationToken cancellationToken)
    {
        var known = _known.GetValueOrDefault(candidate);
        var have = known?.Count ?? 0;
        if (have < count)
        {
            var fresh = await evaluate(candidate, have, count - have, cancellationToken);
            if (fresh.Count != count - have)
            {
                throw new InvalidOperationException($"The validation evaluator was asked for examples {have} to {count - 1} and returned {fresh.Count} entries.");
            }

            Rollouts += fresh.Count;
            known = known is null ? fresh : Concat(known, fresh);
            _known[candidate] = known;
        }

        return known!.Scores.Take(count).ToList();
    }

    /// <summary>Returns what is known of a candidate, or <see langword="null"/> when it was never evaluated.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <returns>Its evaluation on the first <see cref="EvaluationBatch.Count"/> validation examples.</returns>
    public EvaluationBatch? Known(Candidate candidate) => _known.GetValueOrDefault(candidate);

    private static EvaluationBatch Concat(EvaluationBatch a, EvaluationBatch b) => new(
        [.. a.Scores, .. b.Scores],
        [.. a.Outputs, .. b.Outputs],
        a.Traces is not null && b.Traces is not null ? [.. a.Traces, .. b.Traces] : null,
        a.ObjectiveScores is not null && b.ObjectiveScores is not null ? [.. a.ObjectiveScores, .. b.ObjectiveScores] : null,
        a.MetricCalls is null && b.MetricCalls is null ? null : (a.MetricCalls ?? a.Count) + (b.MetricCalls ?? b.Count));
}
