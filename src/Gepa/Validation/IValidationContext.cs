namespace Gepa.Strategies;

/// <summary>What an <see cref="IValidation"/> may do in a run: read the state, score candidates on validation examples
/// (through the run's cache and budget) and put the results in the pool, with the engine's events.</summary>
public interface IValidationContext
{
    /// <summary>Gets the run's state.</summary>
    IGepaStateView State { get; }

    /// <summary>Gets the iteration number (1-based).</summary>
    int Iteration { get; }

    /// <summary>Gets the id of the proposal whose candidate is validated (see <c>CandidateAcceptedArgs.ProposalId</c>), or
    /// <see langword="null"/> outside a proposal (the end of the run, a reserve).</summary>
    int? ProposalId { get; }

    /// <summary>Gets the rollouts left in the budget (<see cref="int.MaxValue"/> without one).</summary>
    int RemainingBudget { get; }

    /// <summary>Gets whether the budget is a hard cap (<c>GepaOptions.StrictBudget</c>): then never score more than
    /// <see cref="RemainingBudget"/>.</summary>
    bool StrictBudget { get; }

    /// <summary>Scores a candidate on validation examples: cached scores are free, the rest are paid from the budget.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="valIds">Validation example indexes.</param>
    /// <param name="purpose">What the evaluation is for, in logs and errors (for example "a new candidate").</param>
    /// <returns>Its scores on those examples.</returns>
    Task<ValidationScores> EvaluateAsync(Candidate candidate, IReadOnlyList<int> valIds, string purpose);

    /// <summary>Adds a candidate to the pool with its validation scores and reports it (the front and validation events).</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="parents">Its parents.</param>
    /// <param name="scores">Its validation scores, on at least one example.</param>
    /// <param name="discoveryEvalCount">The rollouts spent when its validation began (the reference's discovery count).</param>
    /// <returns>Its index in the pool.</returns>
    Task<int> AddCandidateAsync(Candidate candidate, IReadOnlyList<int> parents, ValidationScores scores, int discoveryEvalCount);

    /// <summary>Adds validation scores to a candidate already in the pool and reports it.</summary>
    /// <param name="index">The candidate.</param>
    /// <param name="scores">Its scores on examples it was not scored on before.</param>
    /// <returns>A task that completes when the scores are added and reported.</returns>
    Task AddScoresAsync(int index, ValidationScores scores);
}
