namespace Gepa.Cli.Output;

/// <summary>The content of <c>result.json</c>.</summary>
internal sealed record ResultDocument
{
    /// <summary>Gets the schema version of this file.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Gets why the run stopped (BudgetExhausted, StopCondition, Cancelled, ConsecutiveFailures).</summary>
    public required string StopReason { get; init; }

    /// <summary>Gets the engine's explanation of the stop.</summary>
    public required string StopMessage { get; init; }

    /// <summary>Gets the index of the best candidate.</summary>
    public required int BestIndex { get; init; }

    /// <summary>Gets the best candidate's mean validation score.</summary>
    public required double BestScore { get; init; }

    /// <summary>Gets the rollouts spent.</summary>
    public required int TotalMetricCalls { get; init; }

    /// <summary>Gets the rollout budget.</summary>
    public int? MaxMetricCalls { get; init; }

    /// <summary>Gets the iterations run.</summary>
    public required int Iterations { get; init; }

    /// <summary>Gets the proposals tried.</summary>
    public required int ProposalsTried { get; init; }

    /// <summary>Gets the proposals accepted.</summary>
    public required int ProposalsAccepted { get; init; }

    /// <summary>Gets the proposals that failed (reflection errors or unusable replies).</summary>
    public int FailedProposals { get; init; }

    /// <summary>Gets the engine seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Gets every candidate, in discovery order.</summary>
    public required IReadOnlyList<CandidateDocument> Candidates { get; init; }

    /// <summary>Gets the usage of each model role.</summary>
    public required IReadOnlyList<UsageDocument> Usage { get; init; }

    /// <summary>Gets or sets the best candidate's mean score on the test split, scored after the run, outside the budget
    /// (absent when there is no test split or it was not scored).</summary>
    public double? TestScore { get; set; }

    /// <summary>Gets or sets the number of test examples scored.</summary>
    public int? TestExamples { get; set; }

    /// <summary>Gets or sets how the test split was scored, or why it was not.</summary>
    public string? TestNote { get; set; }
}

/// <summary>One candidate in <c>result.json</c>.</summary>
internal sealed record CandidateDocument
{
    /// <summary>Gets the candidate's index.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the indices of its parents (none for the seed, two for a merge).</summary>
    public required IReadOnlyList<int> Parents { get; init; }

    /// <summary>Gets its mean validation score.</summary>
    public required double ValScore { get; init; }

    /// <summary>Gets its score on each validation example, by example index.</summary>
    public required IReadOnlyDictionary<string, double> ValSubscores { get; init; }

    /// <summary>Gets the rollouts spent when it was discovered.</summary>
    public int DiscoveredAtMetricCall { get; init; }

    /// <summary>Gets its components: name to text.</summary>
    public required IReadOnlyDictionary<string, string> Components { get; init; }
}

/// <summary>The usage of one model role in <c>result.json</c>.</summary>
internal sealed record UsageDocument
{
    /// <summary>Gets the role.</summary>
    public required string Role { get; init; }

    /// <summary>Gets the calls that returned a response.</summary>
    public required long Calls { get; init; }

    /// <summary>Gets the calls that failed after retries.</summary>
    public required long FailedCalls { get; init; }

    /// <summary>Gets the retries made.</summary>
    public required long Retries { get; init; }

    /// <summary>Gets the requests answered from the response cache.</summary>
    public required long CacheHits { get; init; }

    /// <summary>Gets the input tokens.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Gets the output tokens.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Gets the cost, when prices are configured.</summary>
    public decimal? Cost { get; init; }
}
