namespace Gepa.Strategies;

/// <summary>Pareto selection restricted to the k best candidates by score.</summary>
/// <param name="k">How many of the best candidates are eligible; at least 1.</param>
public sealed class TopKParetoCandidateSelector(int k) : ICandidateSelector
{
    /// <summary>Gets how many of the best candidates are eligible.</summary>
    public int K { get; } = k >= 1 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at least 1.");

    /// <inheritdoc/>
    public int SelectCandidate(IGepaStateView state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = StateViews.Unwrap(state);
        var scores = s.SelectionScores();
        // The reference's set(sorted(...)[:k]) and prog_set & top_k: CPython set operations, as they decide the order.
        var top = new PythonIntSet(Enumerable.Range(0, scores.Length).OrderByDescending(k => scores[k]).Take(K));
        var restricted = s.SelectionFrontMapping().Select(f => f.Intersect(top)).Where(f => f.Count > 0).ToList();
        return ParetoSelection.Select(restricted, scores, state.Random) ?? ParetoSelection.ArgMax(scores);
    }
}
