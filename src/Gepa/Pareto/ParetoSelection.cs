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
    /// <remarks>Same decisions as the reference's scan, but a candidate's test ("every front holding it has another
    /// surviving member") reads a per-front count of survivors instead of walking every front, and one pass replaces
    /// the reference's restart after each removal, so the whole costs the fronts' total size once.</remarks>
    public static List<PythonIntSet> RemoveDominated(IReadOnlyList<PythonIntSet> fronts, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(fronts);
        ArgumentNullException.ThrowIfNull(scores);
        var candidates = scores.Count;

        // Per candidate, the fronts it is on (by position in the list); per front, how many members survive so far.
        var frontsOf = new List<int>?[candidates];
        var survivors = new int[fronts.Count];
        var firstSeen = new List<int>();
        for (var f = 0; f < fronts.Count; f++)
        {
            var front = fronts[f];
            survivors[f] = front.Count;
            foreach (var p in front)
            {
                var list = frontsOf[p];
                if (list is null)
                {
                    list = [];
                    frontsOf[p] = list;
                    firstSeen.Add(p);
                }

                list.Add(f);
            }
        }

        // A stable sort by score: ties keep first-appearance order, as Python's sorted does.
        var programs = firstSeen.ToArray();
        var keys = new double[programs.Length];
        for (var i = 0; i < programs.Length; i++)
        {
            keys[i] = scores[programs[i]];
        }

        StableSortByKey(programs, keys);
        // The reference restarts its scan from the lowest score after every removal. Survivor counts only go down,
        // so a candidate found not covered stays not covered: the restart would pass over the same candidates again
        // and stop at the next covered one after the removed, which is where a single pass continues.
        var dominated = new bool[candidates];
        foreach (var y in programs)
        {
            // y survives in each of its fronts, so another survivor exists there when the count is above one.
            var covered = true;
            foreach (var f in frontsOf[y]!)
            {
                if (survivors[f] < 2)
                {
                    covered = false;
                    break;
                }
            }

            if (covered)
            {
                dominated[y] = true;
                foreach (var f in frontsOf[y]!)
                {
                    survivors[f]--;
                }
            }
        }

        var result = new List<PythonIntSet>(fronts.Count);
        foreach (var front in fronts)
        {
            // A new set filled in the front's order, as the reference's comprehension does.
            var kept = new PythonIntSet();
            foreach (var p in front)
            {
                if (!dominated[p])
                {
                    kept.Add(p);
                }
            }

            result.Add(kept);
        }

        return result;
    }

    /// <summary>The list parent selection draws from: each surviving candidate of <see cref="RemoveDominated"/>
    /// repeated once per front key it wins, in first-seen order.</summary>
    public static int[] SamplingList(IReadOnlyList<PythonIntSet> fronts, IReadOnlyList<double> scores) =>
        SamplingList(fronts, scores, walkCopies: false, new SamplingScratch());

    /// <summary>The same list as <see cref="SamplingList(IReadOnlyList{PythonIntSet}, IReadOnlyList{double})"/>, without
    /// building the reduced fronts.</summary>
    /// <param name="fronts">Per front key, the candidates best on it.</param>
    /// <param name="scores">The mean validation score per candidate.</param>
    /// <param name="walkCopies">Whether each front iterates as its <see cref="PythonIntSet.Copy"/> does (the reference's
    /// <c>set(front)</c>) rather than as the set itself; a copy is only made for a front whose order can matter.</param>
    /// <param name="scratch">Buffers reused from call to call.</param>
    /// <param name="members">Per front, the same members as a list (any order), or <see langword="null"/> to walk the
    /// sets: counting over a list does not visit the empty slots of a set's table.</param>
    /// <remarks>Only the order in which candidates are first seen depends on how a front iterates; counts do not. A
    /// front adds at most one unseen candidate in most walks (the pool's fronts share their members), and then where
    /// it sits in the front does not matter, so the front's iteration order (a copy, or the reduced set the reference
    /// builds) is computed only for a front that brings two unseen candidates or more. Everything else is counting
    /// over the fronts' members, in buffers kept from call to call, so the cost is the fronts' total size with no
    /// allocation beyond the returned list.</remarks>
    internal static int[] SamplingList(IReadOnlyList<PythonIntSet> fronts, IReadOnlyList<double> scores, bool walkCopies, SamplingScratch scratch, IReadOnlyList<List<int>>? members = null)
    {
        ArgumentNullException.ThrowIfNull(fronts);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(scratch);
        var n = scores.Count;
        var frontCount = fronts.Count;
        var seen = scratch.Flags(n);
        var count = scratch.Counts(n + 1);
        var survivors = scratch.Survivors(frontCount);
        var firstSeen = scratch.FirstSeen;
        firstSeen.Clear();

        // Pass 1: how many fronts each candidate is on, and the order candidates are first seen in.
        var total = 0;
        for (var f = 0; f < frontCount; f++)
        {
            var front = fronts[f];
            var walk = scratch.Members(front, members?[f]);
            survivors[f] = walk.Length;
            total += walk.Length;
            var unseen = 0;
            var last = -1;
            foreach (var p in walk)
            {
                count[p]++;
                if (!seen[p])
                {
                    unseen++;
                    last = p;
                }
            }

            if (unseen == 1)
            {
                seen[last] = true;
                firstSeen.Add(last);
            }
            else if (unseen > 1)
            {
                foreach (var p in walkCopies ? front.Copy() : front)
                {
                    if (!seen[p])
                    {
                        seen[p] = true;
                        firstSeen.Add(p);
                    }
                }
            }
        }

        // Per candidate, the fronts it is on, packed: candidate p's are at [start[p], start[p + 1]).
        var start = count;
        var sum = 0;
        for (var p = 0; p <= n; p++)
        {
            var c = start[p];
            start[p] = sum;
            sum += c;
        }

        var frontsOf = scratch.FrontsOf(total);
        var fill = scratch.Fill(n);
        Array.Copy(start, fill, n);
        for (var f = 0; f < frontCount; f++)
        {
            foreach (var p in scratch.Members(fronts[f], members?[f]))
            {
                frontsOf[fill[p]++] = f;
            }
        }

        // The scan of RemoveDominated: a stable sort by score, then one pass on survivor counts.
        var programs = firstSeen.ToArray();
        var keys = new double[programs.Length];
        for (var i = 0; i < programs.Length; i++)
        {
            keys[i] = scores[programs[i]];
        }

        StableSortByKey(programs, keys);
        var dominated = scratch.Dominated(n);
        foreach (var y in programs)
        {
            var covered = true;
            for (var i = start[y]; i < start[y + 1]; i++)
            {
                if (survivors[frontsOf[i]] < 2)
                {
                    covered = false;
                    break;
                }
            }

            if (covered)
            {
                dominated[y] = true;
                for (var i = start[y]; i < start[y + 1]; i++)
                {
                    survivors[frontsOf[i]]--;
                }
            }
        }

        // Pass 2: each survivor's number of keys, in the order it is first seen in the reduced fronts, each of which
        // the reference builds as a new set filled in its front's order.
        var frequency = scratch.Frequency(n);
        Array.Clear(seen);
        var order = scratch.Order;
        order.Clear();
        var length = 0;
        for (var f = 0; f < frontCount; f++)
        {
            var front = fronts[f];
            var unseen = 0;
            var last = -1;
            foreach (var p in scratch.Members(front, members?[f]))
            {
                if (dominated[p])
                {
                    continue;
                }

                frequency[p]++;
                length++;
                if (!seen[p])
                {
                    unseen++;
                    last = p;
                }
            }

            if (unseen == 1)
            {
                seen[last] = true;
                order.Add(last);
            }
            else if (unseen > 1)
            {
                var kept = new PythonIntSet();
                foreach (var p in walkCopies ? front.Copy() : front)
                {
                    if (!dominated[p])
                    {
                        kept.Add(p);
                    }
                }

                foreach (var p in kept)
                {
                    if (!seen[p])
                    {
                        seen[p] = true;
                        order.Add(p);
                    }
                }
            }
        }

        var list = new int[length];
        var at = 0;
        foreach (var p in order)
        {
            list.AsSpan(at, frequency[p]).Fill(p);
            at += frequency[p];
        }

        return list;
    }

    /// <summary>Samples a parent with probability proportional to the number of front keys it wins after
    /// <see cref="RemoveDominated"/>.</summary>
    /// <returns>The chosen candidate, or <see langword="null"/> when the front is empty.</returns>
    public static int? Select(IReadOnlyList<PythonIntSet> fronts, IReadOnlyList<double> scores, PythonRandom random) =>
        Choose(SamplingList(fronts, scores), random);

    /// <summary>Draws from a sampling list as the reference's <c>random.choice</c> does.</summary>
    /// <returns>The chosen candidate, or <see langword="null"/> when the list is empty.</returns>
    public static int? Choose(int[] samplingList, PythonRandom random)
    {
        ArgumentNullException.ThrowIfNull(samplingList);
        ArgumentNullException.ThrowIfNull(random);
        return samplingList.Length == 0 ? null : random.Choice(samplingList);
    }

    /// <summary>Sorts ascending by key, keeping equal keys in their order (insertion sort: the lists are candidates).</summary>
    private static void StableSortByKey(int[] items, double[] keys)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && keys[j].CompareTo(key) > 0)
            {
                items[j + 1] = items[j];
                keys[j + 1] = keys[j];
                j--;
            }

            items[j + 1] = item;
            keys[j + 1] = key;
        }
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
