using Gepa.Strategies;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>System-aware merge (reference §2.12): combines two front candidates that share an ancestor by taking,
/// per component, the text from the side that changed it.</summary>
internal sealed class MergeProposer(GepaState state, PythonRandom random, int overlapFloor, ILogger logger)
{
    private readonly List<(int I, int J, int A)> _mergedTriplets = [];
    private readonly List<(int I, int J, string Desc)> _mergedDescendants = [];

    public IReadOnlyList<(int I, int J, int A)> MergedTriplets => _mergedTriplets;

    public IReadOnlyList<(int I, int J, string Desc)> MergedDescendants => _mergedDescendants;

    /// <summary>Restores the merge bookkeeping from a checkpoint.</summary>
    public void Restore(IEnumerable<(int I, int J, int A)> triplets, IEnumerable<(int I, int J, string Desc)> descendants)
    {
        _mergedTriplets.AddRange(triplets);
        _mergedDescendants.AddRange(descendants);
    }

    /// <summary>Builds a merged candidate, or returns <see langword="null"/> when no pair qualifies.</summary>
    public MergePlan? Propose()
    {
        var scores = state.SelectionScores();
        var reduced = ParetoSelection.RemoveDominated(state.SelectionFrontMapping(), scores);

        // The reference's find_dominator_programs: list(set(members of every front, front by front)).
        var candidates = new PythonIntSet(reduced.SelectMany(f => f)).ToList();
        if (candidates.Count < 2 || state.Count < 3)
        {
            return null;
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var triplet = FindCommonAncestorPair(candidates, scores);
            if (triplet is not { } t || _mergedTriplets.Contains(t))
            {
                continue;
            }

            if (Build(t, scores) is { } plan)
            {
                return plan;
            }
        }

        return null;
    }

    /// <summary>Builds a merged candidate from the given pairs, tried in order (the adaptive policy passes the most
    /// diverse pairs of the front first), or returns <see langword="null"/> when none of them qualifies. Each pair needs
    /// a common ancestor that passes the reference's filters; the ancestor is drawn as the reference draws it.</summary>
    public MergePlan? Propose(IReadOnlyList<(int I, int J)> pairs)
    {
        var scores = state.SelectionScores();
        foreach (var (x, y) in pairs)
        {
            var (i, j) = x < y ? (x, y) : (y, x);
            if (ChooseAncestor(i, j, scores) is not { } a || _mergedTriplets.Contains((i, j, a)))
            {
                continue;
            }

            if (Build((i, j, a), scores) is { } plan)
            {
                return plan;
            }
        }

        return null;
    }

    /// <summary>Chooses the validation examples the merged candidate is tried on: up to two where each parent is
    /// better, two ties, then the rest at random (with repeats when there are too few).</summary>
    public List<int> SelectSubsample(int i, int j, int size)
    {
        var s1 = state.ValSubscores[i];
        var s2 = state.ValSubscores[j];
        var common = new PythonIntSet(s1.Keys).Intersect(new PythonIntSet(s2.Keys)).ToList();
        var p1 = common.Where(k => s1[k] > s2[k]).ToList();
        var p2 = common.Where(k => s2[k] > s1[k]).ToList();
        var p3 = common.Where(k => !p1.Contains(k) && !p2.Contains(k)).ToList();
        var each = Math.Max(1, (int)Math.Ceiling(size / 3.0));
        var selected = new List<int>();
        foreach (var bucket in new[] { p1, p2, p3 })
        {
            if (selected.Count >= size)
            {
                break;
            }

            var available = bucket.Where(k => !selected.Contains(k)).ToList();
            var take = Math.Min(Math.Min(available.Count, each), size - selected.Count);
            if (take > 0)
            {
                selected.AddRange(random.Sample(available, take));
            }
        }

        var remaining = size - selected.Count;
        if (remaining > 0)
        {
            var unused = common.Where(k => !selected.Contains(k)).ToList();
            if (unused.Count >= remaining)
            {
                selected.AddRange(random.Sample(unused, remaining));
            }
            else if (common.Count > 0)
            {
                selected.AddRange(random.Choices(common, k: remaining));
            }
        }

        return [.. selected.Take(size)];
    }

    private MergePlan? Build((int I, int J, int A) t, double[] scores)
    {
        var (i, j, a) = t;
        var updates = new List<KeyValuePair<string, string>>();
        var sources = new List<int>();
        var ancestor = state.Candidates[a];
        foreach (var name in ancestor.ComponentNames)
        {
            string pa = ancestor[name], pi = state.Candidates[i][name], pj = state.Candidates[j][name];
            int source;
            if ((pa == pi || pa == pj) && pi != pj)
            {
                source = pa == pi ? j : i;
            }
            else if (pa != pi && pa != pj)
            {
                source = scores[i] > scores[j] ? i : scores[j] > scores[i] ? j : random.Choice([i, j]);
            }
            else
            {
                source = i;
            }

            updates.Add(new(name, state.Candidates[source][name]));
            sources.Add(source);
        }

        var desc = string.Join(",", sources);
        if (_mergedDescendants.Contains((i, j, desc)))
        {
            return null;
        }

        var overlap = state.ValSubscores[i].Keys.Intersect(state.ValSubscores[j].Keys).Count();
        if (overlap < overlapFloor)
        {
            return null;
        }

        _mergedDescendants.Add((i, j, desc));
        _mergedTriplets.Add((i, j, a));
        return new MergePlan(ancestor.With(updates), i, j, a);
    }

    private (int I, int J, int A)? FindCommonAncestorPair(List<int> candidates, double[] scores)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var pair = random.Sample(candidates, 2);
            var (i, j) = pair[0] < pair[1] ? (pair[0], pair[1]) : (pair[1], pair[0]);
            if (ChooseAncestor(i, j, scores) is { } a)
            {
                return (i, j, a);
            }
        }

        return null;
    }

    /// <summary>Draws the common ancestor of <paramref name="i"/> &lt; <paramref name="j"/> to merge over, or returns
    /// <see langword="null"/> when one is an ancestor of the other or no common ancestor passes the filters.</summary>
    private int? ChooseAncestor(int i, int j, double[] scores)
    {
        var ai = Ancestors(i);
        var aj = Ancestors(j);
        if (ai.Contains(j) || aj.Contains(i))
        {
            return null;
        }

        // The reference's set(ancestors_i) & set(ancestors_j), each rebuilt from the list of its ancestor set.
        var common = new PythonIntSet(ai).Intersect(new PythonIntSet(aj))
            .Where(a => !_mergedTriplets.Contains((i, j, a)) && scores[a] <= scores[i] && scores[a] <= scores[j] && IsDesirable(a, i, j))
            .ToList();
        if (common.Count == 0)
        {
            return null;
        }

        // The reference weights ancestors by their mean score and crashes when every weight is <= 0 (§5.1);
        // fall back to a uniform choice there instead.
        var weights = common.Select(a => scores[a]).ToList();
        if (!(weights.Sum() > 0))
        {
            Log.MergeUniformAncestor(logger, i, j);
            weights = null;
        }

        return random.Choices(common, weights, 1)[0];
    }

    private bool IsDesirable(int a, int i, int j)
    {
        foreach (var name in state.Candidates[a].ComponentNames)
        {
            string pa = state.Candidates[a][name], pi = state.Candidates[i][name], pj = state.Candidates[j][name];
            if ((pa == pi || pa == pj) && pi != pj)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every ancestor of <paramref name="node"/>, added to the set in the reference's depth-first order (each
    /// parent, then its ancestors, before the next parent), since the insertion order decides the set's slot order.</summary>
    private PythonIntSet Ancestors(int node)
    {
        var found = new PythonIntSet();
        var stack = new Stack<IEnumerator<int>>();
        stack.Push(((IEnumerable<int>)state.Parents[node]).GetEnumerator());
        while (stack.Count > 0)
        {
            var parents = stack.Peek();
            if (!parents.MoveNext())
            {
                stack.Pop().Dispose();
                continue;
            }

            var p = parents.Current;
            if (!found.Contains(p))
            {
                found.Add(p);
                stack.Push(((IEnumerable<int>)state.Parents[p]).GetEnumerator());
            }
        }

        return found;
    }
}
