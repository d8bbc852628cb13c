namespace Gepa;

/// <summary>Parent selection from the Pareto front, exactly as the reference does it (§2.5).</summary>
internal static class ParetoSelection
{
    /// <summary>Removes every candidate that is never the sole remaining winner of a front key (the reference's
    /// <c>remove_dominated_programs</c>, which is not true Pareto dominance), scanning from the lowest mean score.</summary>
    /// <param name="fronts">Per front key, the candidates best on it.</param>
    /// <param name="scores">The mean validation score per candidate.</param>
    /// <returns>The fronts without the removed candidates, in the same key order; each is a new set filled in its
    /// front's iteration order, as the reference's set comprehension does, so it iterates as the reference's does.</returns>
    /// <remarks>Every walk over a front is in CPython set order (<see cref="PythonIntSet"/>): the order candidates are
    /// first seen breaks ties in the score sort, and the order of the returned sets is the order of the sampling list.</remarks>
    public static List<PythonIntSet> RemoveDominated(IReadOnlyList<PythonIntSet> fronts, IReadOnlyList<double> scores)
    {
        var firstSeen = new List<int>();
        var seen = new HashSet<int>();
        foreach (var front in fronts)
        {
            foreach (var p in front)
            {
                if (seen.Add(p))
                {
                    firstSeen.Add(p);
                }
            }
        }

        // OrderBy is stable: ties keep first-appearance order, as Python's sorted does.
        var programs = firstSeen.OrderBy(p => scores[p]).ToList();
        var dominated = new HashSet<int>();
        bool changed;
        do
        {
            changed = false;
            foreach (var y in programs)
            {
                if (dominated.Contains(y))
                {
                    continue;
                }

                var covered = fronts.Where(f => f.Contains(y)).All(f => f.Any(p => p != y && !dominated.Contains(p)));
                if (covered)
                {
                    dominated.Add(y);
                    changed = true;
                    break;
                }
            }
        }
        while (changed);

        return [.. fronts.Select(f => new PythonIntSet(f.Where(p => !dominated.Contains(p))))];
    }

    /// <summary>Samples a parent with probability proportional to the number of front keys it wins after
    /// <see cref="RemoveDominated"/>.</summary>
    /// <returns>The chosen candidate, or <see langword="null"/> when the front is empty.</returns>
    public static int? Select(IReadOnlyList<PythonIntSet> fronts, IReadOnlyList<double> scores, PythonRandom random)
    {
        var reduced = RemoveDominated(fronts, scores);
        var frequency = new OrderedDictionary<int, int>();
        foreach (var front in reduced)
        {
            foreach (var p in front)
            {
                frequency[p] = frequency.TryGetValue(p, out var n) ? n + 1 : 1;
            }
        }

        var samplingList = new List<int>();
        foreach (var (p, n) in frequency)
        {
            samplingList.AddRange(Enumerable.Repeat(p, n));
        }

        return samplingList.Count == 0 ? null : random.Choice(samplingList);
    }

    /// <summary>The first candidate with the highest mean score.</summary>
    public static int ArgMax(IReadOnlyList<double> scores)
    {
        var best = 0;
        for (var k = 1; k < scores.Count; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        return best;
    }
}
