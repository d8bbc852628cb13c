using System.Globalization;

namespace Gepa.Cli.Output;

/// <summary>Writes a run's <c>result.json</c> and <c>best_candidate.json</c>, each atomically.</summary>
internal static class RunResultWriter
{
    /// <summary>The result file name.</summary>
    public const string ResultFile = "result.json";

    /// <summary>The best-candidate file name.</summary>
    public const string BestCandidateFile = "best_candidate.json";

    /// <summary>Builds the result document.</summary>
    /// <param name="result">The engine's result.</param>
    /// <param name="maxMetricCalls">The budget.</param>
    /// <param name="usage">The usage per role.</param>
    /// <returns>The document.</returns>
    public static ResultDocument ToDocument(GepaResult result, int? maxMetricCalls, IReadOnlyList<UsageDocument> usage)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ResultDocument
        {
            StopReason = result.StopReason.ToString(),
            StopMessage = result.StopMessage,
            BestIndex = result.BestIndex,
            BestScore = result.BestScore,
            TotalMetricCalls = result.TotalMetricCalls,
            MaxMetricCalls = maxMetricCalls,
            Iterations = result.Iterations,
            ProposalsTried = result.ProposalsTried,
            ProposalsAccepted = result.ProposalsAccepted,
            FailedProposals = result.FailedProposals,
            Seed = result.Seed,
            Candidates = [.. result.Candidates.Select((c, i) => new CandidateDocument
            {
                Index = i,
                Parents = result.Parents[i],
                ValScore = result.ValAggregateScores[i],
                ValSubscores = result.ValSubscores[i].OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
                DiscoveredAtMetricCall = i < result.DiscoveryEvalCounts.Count ? result.DiscoveryEvalCounts[i] : 0,
                Components = c.ToDictionary(kv => kv.Key, kv => kv.Value),
            })],
            Usage = usage,
        };
    }

    /// <summary>Writes both files into <paramref name="directory"/>.</summary>
    /// <param name="directory">The run directory; it must exist.</param>
    /// <param name="document">The result document.</param>
    /// <param name="best">The best candidate.</param>
    /// <param name="redact">Removes secrets from the text before it reaches the disk (a stop message may quote a
    /// provider's error, and a provider's error may quote the key).</param>
    public static void Write(string directory, ResultDocument document, Candidate best, Func<string, string> redact)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(best);
        ArgumentNullException.ThrowIfNull(redact);
        AtomicWrite.WriteAllText(Path.Combine(directory, ResultFile), redact(CliJsonWriter.Serialize(document)));

        // A plain name-to-text object, as the Python reference writes it, so it can be read back with 'gepa evaluate'.
        var components = best.ToDictionary(kv => kv.Key, kv => kv.Value);
        AtomicWrite.WriteAllText(Path.Combine(directory, BestCandidateFile), redact(CliJsonWriter.Serialize(components)));
    }
}
