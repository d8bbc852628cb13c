namespace Gepa;

/// <summary>The outcome of an optimize-anything run.</summary>
public sealed class OptimizeAnythingResult
{
    /// <summary>Gets the engine that ran (<c>gepa</c> or <c>best-of-n</c>).</summary>
    public required string Engine { get; init; }

    /// <summary>Gets the best candidate found.</summary>
    public required Candidate BestCandidate { get; init; }

    /// <summary>Gets the best candidate's text when the seed was a text (one component), otherwise <see langword="null"/>.</summary>
    public string? BestText => BestCandidate.Count == 1 && BestCandidate.ContainsKey(OptimizeAnythingConstants.TextComponent)
        ? BestCandidate[OptimizeAnythingConstants.TextComponent]
        : null;

    /// <summary>Gets the best candidate's mean score on the examples it was selected on (the valset, else the dataset,
    /// else the single task).</summary>
    public required double BestScore { get; init; }

    /// <summary>Gets the seed the run started from: the user's, or the one the reflection model wrote.</summary>
    public required Candidate Seed { get; init; }

    /// <summary>Gets whether the seed was written by the reflection model (seedless start).</summary>
    public bool SeedGenerated { get; init; }

    /// <summary>Gets the seed's mean score on the held-out test set, scored outside the budget, or <see langword="null"/>
    /// without a test set.</summary>
    public double? SeedTestScore { get; init; }

    /// <summary>Gets the best candidate's mean score on the held-out test set, or <see langword="null"/> without one.</summary>
    public double? BestTestScore { get; init; }

    /// <summary>Gets the evaluations spent from the budget, failed ones included.</summary>
    public required int EvaluationsUsed { get; init; }

    /// <summary>Gets the evaluation budget.</summary>
    public required int MaxEvaluations { get; init; }

    /// <summary>Gets how many evaluations failed (the evaluator threw).</summary>
    public required int EvaluationFailures { get; init; }

    /// <summary>Gets why the run stopped, in a word (the gepa engine's stop reason, or <c>BudgetExhausted</c>,
    /// <c>StopCondition</c>, <c>Cancelled</c>, <c>ConsecutiveFailures</c>).</summary>
    public required string StopReason { get; init; }

    /// <summary>Gets why the run stopped, in a sentence.</summary>
    public required string StopMessage { get; init; }

    /// <summary>Gets the gepa engine's full result (lineage, front, counters), or <see langword="null"/> for other engines.</summary>
    public GepaResult? Gepa { get; init; }
}
