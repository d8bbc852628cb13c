namespace Gepa;

/// <summary>Decides when a merge is worth its rollouts: when the front holds two candidates that each win on a
/// sufficiently large share of the examples they were both scored on, and merges have not yet taken their share of
/// the budget.</summary>
/// <remarks>
/// <para>A merge combines, component by component, what two lineages learned. It can only beat both parents when each
/// parent is better somewhere, so the trigger measures that directly: for two candidates scored on the same examples,
/// the diversity is the smaller of the shares of those examples on which one scores higher than the other. Two
/// candidates of which one is better everywhere have diversity 0, whatever the size of the gap.</para>
/// <para>Only the candidates that survive the reference's dominated-program removal are paired, since a merge of a
/// dominated candidate would carry nothing its dominator lacks.</para>
/// </remarks>
internal static class DiversityMergeTrigger
{
    /// <summary>The smaller of the shares of shared examples on which each candidate scores higher than the other,
    /// or 0 when they share none.</summary>
    public static double Diversity(IReadOnlyDictionary<int, double> a, IReadOnlyDictionary<int, double> b)
    {
        int shared = 0, aWins = 0, bWins = 0;
        foreach (var (id, sa) in a)
        {
            if (b.TryGetValue(id, out var sb))
            {
                shared++;
                aWins += sa > sb ? 1 : 0;
                bWins += sb > sa ? 1 : 0;
            }
        }

        return shared == 0 ? 0 : (double)Math.Min(aWins, bWins) / shared;
    }

    /// <summary>The pairs of non-dominated front candidates whose diversity reaches the threshold, most diverse first
    /// (ties in index order), each with <c>I &lt; J</c>.</summary>
    /// <param name="state">The pool.</param>
    /// <param name="scores">The scores used for dominated-program removal.</param>
    /// <param name="threshold">The diversity a pair needs.</param>
    public static List<(int I, int J, double Diversity)> DiversePairs(GepaState state, IReadOnlyList<double> scores, double threshold)
    {
        var members = ParetoSelection.RemoveDominated(state.SelectionFrontMapping(), scores).SelectMany(f => f).Distinct().Order().ToList();
        var pairs = new List<(int I, int J, double Diversity)>();
        for (var x = 0; x < members.Count; x++)
        {
            for (var y = x + 1; y < members.Count; y++)
            {
                var d = Diversity(state.ValSubscores[members[x]], state.ValSubscores[members[y]]);
                if (d >= threshold)
                {
                    pairs.Add((members[x], members[y], d));
                }
            }
        }

        return [.. pairs.OrderByDescending(p => p.Diversity).ThenBy(p => p.I).ThenBy(p => p.J)];
    }

    /// <summary>Whether merges may spend more: true while they have taken less than <paramref name="maxShare"/> of the
    /// rollouts spent so far.</summary>
    public static bool BudgetAllows(int mergeRollouts, int totalRollouts, double maxShare) =>
        totalRollouts <= 0 || mergeRollouts < maxShare * totalRollouts;
}
