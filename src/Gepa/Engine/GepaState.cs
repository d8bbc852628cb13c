namespace Gepa;

/// <summary>The candidate pool and its Pareto fronts (reference §2.1), indexed by candidate number; the seed is 0.</summary>
internal sealed class GepaState
{
    private readonly FrontierType _frontierType;

    // Each front is kept in first-insertion order of its keys, which is the order the reference's dicts iterate in.
    private readonly OrderedDictionary<int, Front> _instanceFronts = [];
    private readonly OrderedDictionary<string, Front> _objectiveFronts = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<(int ValId, string Objective), Front> _cartesianFronts = [];

    public GepaState(FrontierType frontierType) => _frontierType = frontierType;

    public List<Candidate> Candidates { get; } = [];

    public List<int[]> Parents { get; } = [];

    public List<IReadOnlyDictionary<int, double>> ValSubscores { get; } = [];

    public List<IReadOnlyDictionary<string, double>> ObjectiveAggregates { get; } = [];

    public List<IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>?> ValObjectives { get; } = [];

    public List<int> RoundRobinPointers { get; } = [];

    public List<int> DiscoveryEvalCounts { get; } = [];

    public int TotalMetricCalls { get; set; }

    public int NumFullValEvals { get; set; }

    private readonly Dictionary<Candidate, int> _indexByCandidate = [];

    public int Count => Candidates.Count;

    /// <summary>The index of the first candidate with the same content, or -1.</summary>
    public int IndexOf(Candidate candidate) => _indexByCandidate.GetValueOrDefault(candidate, -1);

    public double MeanScore(int k)
    {
        var s = ValSubscores[k];
        return s.Count == 0 ? double.NegativeInfinity : s.Values.Sum() / s.Count;
    }

    public double[] MeanScores() => [.. Enumerable.Range(0, Count).Select(MeanScore)];

    /// <summary>The best candidate as the reference's full-evaluation policy picks it: highest mean, then the larger
    /// coverage, then the lowest index.</summary>
    public int BestIndex()
    {
        var best = -1;
        var bestAvg = double.NegativeInfinity;
        var bestCoverage = -1;
        for (var k = 0; k < Count; k++)
        {
            var avg = MeanScore(k);
            var coverage = ValSubscores[k].Count;
            if (best < 0 || avg > bestAvg || (avg == bestAvg && coverage > bestCoverage))
            {
                best = k;
                bestAvg = avg;
                bestCoverage = coverage;
            }
        }

        return best;
    }

    /// <summary>Adds an evaluated candidate and updates every front (reference <c>update_state_with_new_program</c>).</summary>
    public int Add(Candidate candidate, int[] parents, IReadOnlyDictionary<int, double> scores, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>? objectives, int discoveryEvalCount)
    {
        if (_frontierType != FrontierType.Instance && (objectives is null || objectives.Count == 0))
        {
            throw new InvalidOperationException(
                $"The frontier type '{_frontierType}' needs objective scores, but the adapter returned none; return ObjectiveScores from EvaluateAsync or use the 'Instance' frontier.");
        }

        var idx = Candidates.Count;
        Candidates.Add(candidate);
        _indexByCandidate.TryAdd(candidate, idx);
        Parents.Add(parents);
        ValSubscores.Add(scores);
        ValObjectives.Add(objectives);
        RoundRobinPointers.Add(parents.Length == 0 ? 0 : parents.Max(p => RoundRobinPointers[p]));
        DiscoveryEvalCounts.Add(discoveryEvalCount);

        var aggregates = AggregateObjectives(objectives);
        ObjectiveAggregates.Add(aggregates);

        foreach (var (valId, score) in scores)
        {
            Update(_instanceFronts, valId, score, idx);
        }

        foreach (var (objective, score) in aggregates)
        {
            Update(_objectiveFronts, objective, score, idx);
        }

        if (_frontierType == FrontierType.Cartesian && objectives is not null)
        {
            foreach (var (valId, perObjective) in objectives)
            {
                foreach (var (objective, score) in perObjective)
                {
                    Update(_cartesianFronts, (valId, objective), score, idx);
                }
            }
        }

        return idx;
    }

    /// <summary>The front mapping for the configured frontier type: each key with the candidates best on it.</summary>
    public List<SortedSet<int>> FrontMapping()
    {
        var result = new List<SortedSet<int>>();
        switch (_frontierType)
        {
            case FrontierType.Instance:
                result.AddRange(_instanceFronts.Values.Select(f => new SortedSet<int>(f.Programs)));
                break;
            case FrontierType.Objective:
                result.AddRange(_objectiveFronts.Values.Select(f => new SortedSet<int>(f.Programs)));
                break;
            case FrontierType.Hybrid:
                result.AddRange(_instanceFronts.Values.Select(f => new SortedSet<int>(f.Programs)));
                result.AddRange(_objectiveFronts.Values.Select(f => new SortedSet<int>(f.Programs)));
                break;
            default:
                result.AddRange(_cartesianFronts.Values.Select(f => new SortedSet<int>(f.Programs)));
                break;
        }

        return result;
    }

    /// <summary>Every candidate that is best on some key of the configured front, ascending (not filtered for dominance).</summary>
    public SortedSet<int> FrontMembers()
    {
        var members = new SortedSet<int>();
        foreach (var f in FrontMapping())
        {
            members.UnionWith(f);
        }

        return members;
    }

    public IReadOnlyDictionary<int, IReadOnlyList<int>> InstanceFrontPrograms() =>
        _instanceFronts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[.. kv.Value.Programs]);

    public IReadOnlyDictionary<int, double> InstanceFrontScores() => _instanceFronts.ToDictionary(kv => kv.Key, kv => kv.Value.Best);

    public IReadOnlyDictionary<string, IReadOnlyList<int>> ObjectiveFrontPrograms() =>
        _objectiveFronts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[.. kv.Value.Programs], StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> ObjectiveFrontScores() => _objectiveFronts.ToDictionary(kv => kv.Key, kv => kv.Value.Best, StringComparer.Ordinal);

    private static OrderedDictionary<string, double> AggregateObjectives(IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>? objectives)
    {
        // Mean per objective over the examples that have it, keys in first-seen order.
        var totals = new OrderedDictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        if (objectives is not null)
        {
            foreach (var perExample in objectives.Values)
            {
                foreach (var (name, value) in perExample)
                {
                    totals[name] = totals.TryGetValue(name, out var t) ? (t.Sum + value, t.Count + 1) : (value, 1);
                }
            }
        }

        var result = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, t) in totals)
        {
            result[name] = t.Sum / t.Count;
        }

        return result;
    }

    private static void Update<TKey>(OrderedDictionary<TKey, Front> fronts, TKey key, double score, int idx)
        where TKey : notnull
    {
        if (!fronts.TryGetValue(key, out var front))
        {
            fronts[key] = new Front(score, idx);
        }
        else if (score > front.Best)
        {
            front.Best = score;
            front.Programs.Clear();
            front.Programs.Add(idx);
        }
        else if (score == front.Best)
        {
            front.Programs.Add(idx);
        }
    }

    private sealed class Front(double best, int first)
    {
        public double Best { get; set; } = best;

        public SortedSet<int> Programs { get; } = [first];
    }
}
