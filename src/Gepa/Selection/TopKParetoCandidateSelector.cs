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
        var top = Enumerable.Range(0, scores.Length).OrderByDescending(k => scores[k]).Take(K).ToHashSet();
        var restricted = s.SelectionFrontMapping().Select(f => new SortedSet<int>(f.Where(top.Contains))).Where(f => f.Count > 0).ToList();
        return ParetoSelection.Select(restricted, scores, state.Random) ?? ParetoSelection.ArgMax(scores);
    }
}
