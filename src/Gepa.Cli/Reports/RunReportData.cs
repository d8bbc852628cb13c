using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Output;
using Gepa.Cli.Running;

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
        ValExamples = [.. Pool.SelectMany(c => c.ValScores.Keys).Distinct().Order()];
        Front = ValExamples.ToDictionary(id => id, id =>
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
        Examples = GepaRunDirectory.ReadExamples(directory);
        Usage = ReadUsage(directory, state);
        Models = ReadModels(directory);
        MemoryStart = ReadObject(Path.Combine(directory, MemoryRun.StartFileName));
        MemoryRetrievals = ReadLines(Path.Combine(directory, LessonRetriever.LogFileName));
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
    public IReadOnlyList<int> ValExamples { get; }

    /// <summary>Gets what the seed and the best candidate did on each validation example (<c>examples.json</c>), when the run
    /// recorded it.</summary>
    public ExamplesDocument? Examples { get; }

    /// <summary>Gets the usage of each model role: from <c>result.json</c> when the run finished (it includes the test
    /// split), else from the last checkpoint.</summary>
    public IReadOnlyList<UsageDocument> Usage { get; }

    /// <summary>Gets each model role's provider and model, from the configuration snapshot (role, text).</summary>
    public IReadOnlyList<(string Role, string Model)> Models { get; }

    /// <summary>Gets, per validation example, the best score and the candidates reaching it.</summary>
    public IReadOnlyDictionary<int, (double Best, HashSet<int> Members)> Front { get; }

    /// <summary>Gets the record that added each pool candidate, by pool index.</summary>
    public IReadOnlyDictionary<int, ProposalRecord> Origin { get; }

    /// <summary>Gets what memory decided at the start (<c>memory-start.json</c>), or <see langword="null"/> for a run
    /// without memory or a file that cannot be read.</summary>
    public JsonObject? MemoryStart { get; }

    /// <summary>Gets memory's retrievals (<c>memory.jsonl</c>), one object per line that reads.</summary>
    public IReadOnlyList<JsonObject> MemoryRetrievals { get; }

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

    // The memory files are shown as a courtesy: a damaged one is left out of the page rather than refusing the report.
    private static JsonObject? ReadObject(string file)
    {
        try
        {
            return File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file)) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<JsonObject> ReadLines(string file)
    {
        var lines = new List<JsonObject>();
        if (!File.Exists(file))
        {
            return lines;
        }

        foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
        {
            try
            {
                if (JsonNode.Parse(line) is JsonObject o)
                {
                    lines.Add(o);
                }
            }
            catch (JsonException)
            {
                // A torn last line, from a process killed mid-write.
            }
        }

        return lines;
    }

    private static List<UsageDocument> ReadUsage(string directory, RunState state)
    {
        try
        {
            var result = Path.Combine(directory, RunResultWriter.ResultFile);
            if (File.Exists(result) && JsonSerializer.Deserialize(File.ReadAllBytes(result), CliJsonContext.Default.ResultDocument) is { } document)
            {
                return [.. document.Usage];
            }

            return state.Host.TryGetValue("usage", out var usage) ? usage.Deserialize(CliJsonContext.Default.ListUsageDocument) ?? [] : [];
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return []; // the report shows what it can read
        }
    }

    private static List<(string Role, string Model)> ReadModels(string directory)
    {
        var models = new List<(string, string)>();
        try
        {
            var file = Path.Combine(directory, GepaRunDirectory.ConfigFileName);
            if (!File.Exists(file))
            {
                return models;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var (section, role) in new[] { ("task-model", ChatRoles.Task), ("reflection-model", ChatRoles.Reflection), ("judge-model", ChatRoles.Judge) })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(section, out var m) && m.ValueKind == JsonValueKind.Object)
                {
                    var provider = m.TryGetProperty("provider", out var p) ? p.ToString() : "?";
                    var model = m.TryGetProperty("model", out var n) ? " " + n.ToString() : "";
                    models.Add((role, provider + model));
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // no models to show
        }

        return models;
    }
}
