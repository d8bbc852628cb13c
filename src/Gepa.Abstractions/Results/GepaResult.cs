namespace Gepa;

/// <summary>The outcome of an optimization run: every candidate, its lineage and scores, the best one, and why the
/// run stopped.</summary>
public sealed class GepaResult
{
    /// <summary>Gets every candidate, in the order it was added; the seed is 0.</summary>
    public required IReadOnlyList<Candidate> Candidates { get; init; }

    /// <summary>Gets the parents of each candidate: none for the seed, one for a mutation, two for a merge.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Parents { get; init; }

    /// <summary>Gets each candidate's mean validation score.</summary>
    public required IReadOnlyList<double> ValAggregateScores { get; init; }

    /// <summary>Gets each candidate's score per validation example index.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<int, double>> ValSubscores { get; init; }

    /// <summary>Gets, per validation example index, the candidates with the best score on it.</summary>
    public required IReadOnlyDictionary<int, IReadOnlyList<int>> PerValInstanceBestCandidates { get; init; }

    /// <summary>Gets each candidate's mean score per objective, or <see langword="null"/> when the adapter reported none.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>>? ValAggregateSubscores { get; init; }

    /// <summary>Gets, per objective, the candidates with the best mean score on it, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>>? PerObjectiveBestCandidates { get; init; }

    /// <summary>Gets, per objective, the best mean score, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, double>? ObjectiveParetoFront { get; init; }

    /// <summary>Gets, for each candidate, the metric calls spent before its validation evaluation.</summary>
    public required IReadOnlyList<int> DiscoveryEvalCounts { get; init; }

    /// <summary>Gets the metric calls (rollouts) spent.</summary>
    public required int TotalMetricCalls { get; init; }

    /// <summary>Gets the number of full validation-set evaluations.</summary>
    public required int NumFullValEvals { get; init; }

    /// <summary>Gets the seed of the run's random source.</summary>
    public required int Seed { get; init; }

    /// <summary>Gets the index of the best candidate: the highest mean validation score, the lowest index on ties.</summary>
    public required int BestIndex { get; init; }

    /// <summary>Gets the number of iterations run.</summary>
    public required int Iterations { get; init; }

    /// <summary>Gets the number of reflective proposals whose child was evaluated on a minibatch.</summary>
    public required int ProposalsTried { get; init; }

    /// <summary>Gets the number of reflective proposals accepted into the pool.</summary>
    public required int ProposalsAccepted { get; init; }

    /// <summary>Gets the number of merges tried and accepted.</summary>
    public (int Tried, int Accepted) Merges { get; init; }

    /// <summary>Gets the number of proposals that failed (reflection model errors or unusable replies, after retries).</summary>
    public int FailedProposals { get; init; }

    /// <summary>Gets why the run stopped.</summary>
    public required GepaStopReason StopReason { get; init; }

    /// <summary>Gets a human-readable explanation of why the run stopped.</summary>
    public required string StopMessage { get; init; }

    /// <summary>Gets the best candidate.</summary>
    public Candidate BestCandidate => Candidates[BestIndex];

    /// <summary>Gets the best candidate's mean validation score.</summary>
    public double BestScore => ValAggregateScores[BestIndex];

    /// <summary>Gets the number of candidates.</summary>
    public int NumCandidates => Candidates.Count;
}
