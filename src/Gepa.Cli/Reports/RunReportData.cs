namespace Gepa.Cli.Reports;

/// <summary>What a report shows, read from a run directory: the pool from the saved state, every proposal from
/// <c>candidates.jsonl</c>, and the summary.</summary>
internal sealed class RunReportData
{
    private RunReportData(string directory, RunManifest manifest, RunSummary summary, RunState state, IReadOnlyList<ProposalRecord> proposals)
    {
        Directory = directory;
        Manifest = manifest;
        Summary = summary;
        State = state;
        Proposals = proposals;
        Pool = state.Checkpoint.Candidates;
        Means = [.. Pool.Select(c => c.ValScores.Count == 0 ? 0 : c.ValScores.Values.Average())];
        Best = Enumerable.Range(0, Pool.Count).MaxBy(k => (Means[k], Pool[k].ValScores.Count, -k));
        Examples = [.. Pool.SelectMany(c => c.ValScores.Keys).Distinct().Order()];
        Front = Examples.ToDictionary(id => id, id =>
        {
            var top = Pool.Where(c => c.ValScores.ContainsKey(id)).Max(c => c.ValScores[id]);
            return (top, Enumerable.Range(0, Pool.Count).Where(k => Pool[k].ValScores.TryGetValue(id, out var v) && v == top).ToHashSet());
        });
        var origin = new Dictionary<int, ProposalRecord>();
        foreach (var p in proposals.Where(p => p.Decision == ProposalRecord.Accepted && p.CandidateIndex is not null))
        {
            origin[p.CandidateIndex!.Value] = p;
        }

        Origin = origin;
    }

    /// <summary>Gets the run directory.</summary>
    public string Directory { get; }

    /// <summary>Gets the manifest.</summary>
    public RunManifest Manifest { get; }

    /// <summary>Gets the summary.</summary>
    public RunSummary Summary { get; }

    /// <summary>Gets the saved state.</summary>
    public RunState State { get; }

    /// <summary>Gets every proposal record, in order.</summary>
    public IReadOnlyList<ProposalRecord> Proposals { get; }

    /// <summary>Gets the pool, in discovery order.</summary>
    public IReadOnlyList<CheckpointCandidate> Pool { get; }

    /// <summary>Gets each candidate's mean validation score.</summary>
    public IReadOnlyList<double> Means { get; }

    /// <summary>Gets the best candidate (highest mean, then coverage, then lowest index).</summary>
    public int Best { get; }

    /// <summary>Gets the validation example indices.</summary>
    public IReadOnlyList<int> Examples { get; }

    /// <summary>Gets, per validation example, the best score and the candidates reaching it.</summary>
    public IReadOnlyDictionary<int, (double Best, HashSet<int> Members)> Front { get; }

    /// <summary>Gets the record that added each pool candidate, by pool index.</summary>
    public IReadOnlyDictionary<int, ProposalRecord> Origin { get; }

    /// <summary>Gets the rollout budget, if any.</summary>
    public int? Budget => Summary.Budget ?? State.MaxMetricCalls;

    /// <summary>Reads a run directory.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The data.</returns>
    /// <exception cref="GepaRunDirectoryException">It is not a run directory, is newer, or has no saved state yet.</exception>
    public static RunReportData Load(string directory)
    {
        var manifest = GepaRunDirectory.ReadManifest(directory);
        var state = GepaRunDirectory.ReadState(directory)
            ?? throw new GepaRunDirectoryException(GepaRunDirectoryError.Unreadable, $"{directory} has no saved state yet (the run stopped before its seed was evaluated); there is nothing to report.");
        var summary = GepaRunDirectory.ReadSummary(directory) ?? new RunSummary { Status = RunSummary.Running };
        return new RunReportData(directory, manifest, summary, state, GepaRunDirectory.ReadProposals(directory));
    }

    /// <summary>Gets the points of the best-score curve: (rollouts spent, best mean validation score so far), one per
    /// candidate that raised it, plus the end of the run.</summary>
    /// <returns>The step points, in rollout order.</returns>
    public IReadOnlyList<(double Rollouts, double Score)> BestCurve()
    {
        var points = new List<(double, double)>();
        var best = double.NegativeInfinity;
        foreach (var (x, k) in Discoveries().OrderBy(d => d.Rollouts).ThenBy(d => d.Index))
        {
            if (Means[k] > best)
            {
                best = Means[k];
                points.Add((x, best));
            }
        }

        points.Add((Math.Max(State.Checkpoint.TotalMetricCalls, points.Count > 0 ? points[^1].Item1 : 0), best));
        return points;
    }

    /// <summary>Gets when each pool candidate joined (rollouts spent then), by pool index.</summary>
    /// <returns>(rollouts, pool index) pairs.</returns>
    public IEnumerable<(double Rollouts, int Index)> Discoveries() =>
        Enumerable.Range(0, Pool.Count).Select(k => (Origin.TryGetValue(k, out var r) && r.Rollouts > 0 ? (double)r.Rollouts : Pool[k].DiscoveryEvalCount + Pool[k].ValScores.Count, k));
}
