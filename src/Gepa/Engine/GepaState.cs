namespace Gepa;

/// <summary>The candidate pool and its Pareto fronts (reference §2.1), indexed by candidate number; the seed is 0.</summary>
internal sealed class GepaState
{
    private readonly FrontierType _frontierType;

    // Each front is kept in first-insertion order of its keys, which is the order the reference's dicts iterate in.
    private readonly OrderedDictionary<int, Front> _instanceFronts = [];
    private readonly OrderedDictionary<string, Front> _objectiveFronts = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<(int ValId, string Objective), Front> _cartesianFronts = [];

    // Everything derived from the fronts and scores is computed once per change of the state, not once per call:
    // an iteration that adds no candidate (most of them) reads it back. _version counts the changes.
    private readonly List<double> _means = [];
    private int _version;
    private int _fullyEvaluated;
    private Derived _derived = new(-1);
    private readonly SamplingScratch _scratch = new();
    private readonly List<PythonIntSet> _configuredFronts = [];
    private readonly List<List<int>> _configuredMembers = [];

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

    /// <summary>The number of validation examples, or 0 when unknown. When set, a candidate is "fully evaluated" only
    /// with a score on every one of them; adaptive validation leaves some candidates partially evaluated.</summary>
    public int ValsetSize { get; init; }

    /// <summary>Whether candidate <paramref name="k"/> has a score on every validation example (always true when
    /// <see cref="ValsetSize"/> is unknown, as under the reference's full evaluation).</summary>
    public bool IsFullyEvaluated(int k) => ValsetSize == 0 || ValSubscores[k].Count >= ValsetSize;

    /// <summary>The index of the first candidate with the same content, or -1.</summary>
    public int IndexOf(Candidate candidate) => _indexByCandidate.GetValueOrDefault(candidate, -1);

    public double MeanScore(int k) => _means[k];

    public double[] MeanScores() => [.. _means];

    private static double Mean(IReadOnlyDictionary<int, double> s) => s.Count == 0 ? double.NegativeInfinity : s.Values.Sum() / s.Count;

    /// <summary>The derived values of the current version, cleared whenever a candidate or a score is added.</summary>
    private Derived Current => _derived.Version == _version ? _derived : _derived = new Derived(_version);

    /// <summary>The sampling list of Pareto parent selection (<see cref="ParetoSelection.SamplingList(IReadOnlyList{PythonIntSet}, IReadOnlyList{double})"/> over
    /// <see cref="SelectionFrontMapping"/> and <see cref="SelectionScores"/>), built once per change of the state.</summary>
    public int[] ParetoSamplingList()
    {
        var d = Current;

        // When every candidate is fully evaluated the selection fronts are copies of the configured fronts, so the
        // list is built from the fronts themselves, copying only a front whose iteration order matters.
        if (d.SamplingList is null)
        {
            var scores = SelectionScoresShared();
            var fronts = AllFullyEvaluated() ? null : SelectionFrontMapping();
            lock (_scratch)
            {
                d.SamplingList = fronts is null
                    ? ParetoSelection.SamplingList(ConfiguredFronts(), scores, walkCopies: true, _scratch, _configuredMembers)
                    : ParetoSelection.SamplingList(fronts, scores, walkCopies: false, _scratch);
            }
        }

        return d.SamplingList;
    }

    /// <summary>The configured fronts' own sets, in the order of <see cref="FrontMapping"/>, not copied: for reading
    /// members only, or through <see cref="PythonIntSet.Copy"/> for their order. A list reused from call to call, so
    /// only under the lock on <c>_scratch</c>.</summary>
    private List<PythonIntSet> ConfiguredFronts()
    {
        var result = _configuredFronts;
        result.Clear();
        _configuredMembers.Clear();
        switch (_frontierType)
        {
            case FrontierType.Instance:
                AddPrograms(result, _configuredMembers, _instanceFronts);
                break;
            case FrontierType.Objective:
                AddPrograms(result, _configuredMembers, _objectiveFronts);
                break;
            case FrontierType.Hybrid:
                AddPrograms(result, _configuredMembers, _instanceFronts);
                AddPrograms(result, _configuredMembers, _objectiveFronts);
                break;
            default:
                AddPrograms(result, _configuredMembers, _cartesianFronts);
                break;
        }

        return result;
    }

    private static void AddPrograms<TKey>(List<PythonIntSet> result, List<List<int>> members, OrderedDictionary<TKey, Front> fronts)
        where TKey : notnull
    {
        foreach (var front in fronts.Values)
        {
            result.Add(front.Programs);
            members.Add(front.Members);
        }
    }

    /// <summary>Each candidate's validation scores completed along its lineage: where a candidate was not scored on an
    /// example, it takes its parent's completed score there (for a merge, the lower of its two parents'). Equal to
    /// <see cref="ValSubscores"/> when every candidate is fully evaluated.</summary>
    /// <remarks>A proposal is an edit of its parent, so where a child has not been scored the best prediction of its
    /// behaviour is its parent's; a merge has not yet shown it kept what either parent had, hence the lower one. These
    /// completed scores only guide parent selection and merging between partially evaluated candidates; the fronts
    /// (<see cref="FrontMapping"/>) and the best candidate use observed scores only.</remarks>
    public IReadOnlyList<IReadOnlyDictionary<int, double>> CompletedScores()
    {
        var completed = new List<IReadOnlyDictionary<int, double>>(Count);
        for (var k = 0; k < Count; k++)
        {
            if (IsFullyEvaluated(k) || Parents[k].Length == 0)
            {
                completed.Add(ValSubscores[k]);
                continue;
            }

            // Parents always come before their children, so their completed scores are known.
            var own = ValSubscores[k];
            var parents = Parents[k];
            var filled = new Dictionary<int, double>();
            foreach (var valId in completed[parents[0]].Keys.Union(own.Keys).Order())
            {
                if (own.TryGetValue(valId, out var s))
                {
                    filled[valId] = s;
                }
                else if (parents.All(p => completed[p].ContainsKey(valId)))
                {
                    filled[valId] = parents.Min(p => completed[p][valId]);
                }
            }

            completed.Add(filled);
        }

        return completed;
    }

    /// <summary>The scores parent selection and merge rank candidates by: the mean of each candidate's
    /// <see cref="CompletedScores"/>. Equal to <see cref="MeanScores"/> when every candidate is fully evaluated.</summary>
    public double[] SelectionScores() => [.. SelectionScoresShared()];

    /// <summary>The cached <see cref="SelectionScores"/> of this version, not to be modified.</summary>
    private double[] SelectionScoresShared()
    {
        var d = Current;
        return d.SelectionScores ??= AllFullyEvaluated() ? MeanScores() : [.. CompletedScores().Select(Mean)];
    }

    /// <summary>The front mapping parent selection and merge use: <see cref="FrontMapping"/> when every candidate is
    /// fully evaluated, else the instance fronts of the <see cref="CompletedScores"/> (partial evaluation happens only
    /// with the instance frontier).</summary>
    /// <remarks>Built once per change of the state; callers only read it.</remarks>
    public List<PythonIntSet> SelectionFrontMapping()
    {
        var d = Current;
        return d.SelectionFrontMapping ??= BuildSelectionFrontMapping();
    }

    private List<PythonIntSet> BuildSelectionFrontMapping()
    {
        if (AllFullyEvaluated() || _frontierType != FrontierType.Instance)
        {
            return FrontMapping();
        }

        var completed = CompletedScores();
        var result = new List<PythonIntSet>(_instanceFronts.Count);
        foreach (var valId in _instanceFronts.Keys)
        {
            var best = double.NegativeInfinity;
            var members = new PythonIntSet();
            for (var k = 0; k < Count; k++)
            {
                if (!completed[k].TryGetValue(valId, out var s))
                {
                    continue;
                }

                if (s > best)
                {
                    best = s;
                    members.Clear();
                }

                if (s == best)
                {
                    members.Add(k);
                }
            }

            result.Add(members);
        }

        return result;
    }

    private bool AllFullyEvaluated() => ValsetSize == 0 || _fullyEvaluated == Count;

    /// <summary>The best candidate as the reference's full-evaluation policy picks it: highest mean, then the larger
    /// coverage, then the lowest index. Only fully evaluated candidates qualify, so a candidate can never become best
    /// on a partial evaluation (the seed always is fully evaluated).</summary>
    public int BestIndex()
    {
        var best = -1;
        var bestAvg = double.NegativeInfinity;
        var bestCoverage = -1;
        for (var k = 0; k < Count; k++)
        {
            if (!IsFullyEvaluated(k))
            {
                continue;
            }

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

        _version++;
        var idx = Candidates.Count;
        Candidates.Add(candidate);
        _indexByCandidate.TryAdd(candidate, idx);
        Parents.Add(parents);
        ValSubscores.Add(scores);
        _means.Add(Mean(scores));
        _fullyEvaluated += IsFullyEvaluated(idx) ? 1 : 0;
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

    /// <summary>Adds scores on further validation examples to a partially evaluated candidate and updates every front
    /// with them. A front key's best is the best score among the candidates scored on that example, so adding
    /// examples later gives exactly the fronts that scoring them all at once would have given.</summary>
    public void AddScores(int k, IReadOnlyDictionary<int, double> scores, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>? objectives)
    {
        _version++;
        var merged = new Dictionary<int, double>(ValSubscores[k]);
        foreach (var (valId, score) in scores)
        {
            if (!merged.TryAdd(valId, score))
            {
                throw new InvalidOperationException($"Candidate {k} already has a score on validation example {valId}.");
            }

            Update(_instanceFronts, valId, score, k);
        }

        var wasFull = IsFullyEvaluated(k);
        ValSubscores[k] = merged.OrderBy(kv => kv.Key).ToDictionary();
        _means[k] = Mean(ValSubscores[k]);
        _fullyEvaluated += !wasFull && IsFullyEvaluated(k) ? 1 : 0;
        if (objectives is not null && objectives.Count > 0)
        {
            var all = ValObjectives[k] is { } known ? new Dictionary<int, IReadOnlyDictionary<string, double>>(known) : [];
            foreach (var (valId, perObjective) in objectives)
            {
                all[valId] = perObjective;
                if (_frontierType == FrontierType.Cartesian)
                {
                    foreach (var (objective, score) in perObjective)
                    {
                        Update(_cartesianFronts, (valId, objective), score, k);
                    }
                }
            }

            ValObjectives[k] = all;
            ObjectiveAggregates[k] = AggregateObjectives(all);

            // A mean over more examples can go down, so the objective fronts are rebuilt rather than updated.
            _objectiveFronts.Clear();
            for (var c = 0; c < Count; c++)
            {
                foreach (var (objective, score) in ObjectiveAggregates[c])
                {
                    Update(_objectiveFronts, objective, score, c);
                }
            }
        }
    }

    /// <summary>The front mapping for the configured frontier type: each key with the candidates best on it, each a copy
    /// of the front's set (the reference's <c>set(front)</c>), so it iterates in the same CPython set order.</summary>
    /// <remarks>Built once per change of the state; callers only read it.</remarks>
    public List<PythonIntSet> FrontMapping()
    {
        var d = Current;
        return d.FrontMapping ??= BuildFrontMapping();
    }

    private List<PythonIntSet> BuildFrontMapping()
    {
        var result = new List<PythonIntSet>();
        switch (_frontierType)
        {
            case FrontierType.Instance:
                result.AddRange(_instanceFronts.Values.Select(f => f.Programs.Copy()));
                break;
            case FrontierType.Objective:
                result.AddRange(_objectiveFronts.Values.Select(f => f.Programs.Copy()));
                break;
            case FrontierType.Hybrid:
                result.AddRange(_instanceFronts.Values.Select(f => f.Programs.Copy()));
                result.AddRange(_objectiveFronts.Values.Select(f => f.Programs.Copy()));
                break;
            default:
                result.AddRange(_cartesianFronts.Values.Select(f => f.Programs.Copy()));
                break;
        }

        return result;
    }

    /// <summary>Every candidate that is best on some key of the configured front, ascending (not filtered for dominance).</summary>
    public SortedSet<int> FrontMembers()
    {
        var d = Current;
        if (d.FrontMembers is null)
        {
            // Membership does not depend on iteration order, so the fronts are read without copying them.
            var seen = new bool[Count];
            lock (_scratch)
            {
                ConfiguredFronts();
                foreach (var members in _configuredMembers)
                {
                    foreach (var p in members)
                    {
                        seen[p] = true;
                    }
                }
            }

            d.FrontMembers = [];
            for (var k = 0; k < seen.Length; k++)
            {
                if (seen[k])
                {
                    d.FrontMembers.Add(k);
                }
            }
        }

        return new SortedSet<int>(d.FrontMembers);
    }

    public IReadOnlyDictionary<int, IReadOnlyList<int>> InstanceFrontPrograms() =>
        _instanceFronts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[.. kv.Value.Programs.Order()]);

    public IReadOnlyDictionary<int, double> InstanceFrontScores() => _instanceFronts.ToDictionary(kv => kv.Key, kv => kv.Value.Best);

    public IReadOnlyDictionary<string, IReadOnlyList<int>> ObjectiveFrontPrograms() =>
        _objectiveFronts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)[.. kv.Value.Programs.Order()], StringComparer.Ordinal);

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
            // A new best starts a new set, as the reference's {idx} does: the table shrinks back to 8 slots.
            front.Best = score;
            front.Programs = [idx];
            front.Members = [idx];
        }
        else if (score == front.Best)
        {
            var before = front.Programs.Count;
            front.Programs.Add(idx);
            if (front.Programs.Count > before)
            {
                front.Members.Add(idx);
            }
        }
    }

    /// <summary>What is computed from one version of the state; every field is filled on first use.</summary>
    private sealed class Derived(int version)
    {
        public int Version { get; } = version;

        public List<PythonIntSet>? FrontMapping { get; set; }

        public List<PythonIntSet>? SelectionFrontMapping { get; set; }

        public double[]? SelectionScores { get; set; }

        public int[]? SamplingList { get; set; }

        public List<int>? FrontMembers { get; set; }
    }

    private sealed class Front(double best, int first)
    {
        public double Best { get; set; } = best;

        // Filled in candidate order, as the reference fills its front sets, so that it iterates as theirs do.
        public PythonIntSet Programs { get; set; } = [first];

        // The same members as a plain list, for walks that only count (a set walk visits every slot of its table).
        public List<int> Members { get; set; } = [first];
    }
}
