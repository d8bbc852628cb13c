namespace Gepa.Strategies;

/// <summary>How an accepted candidate is scored on the validation set and joins the pool: the reference's full
/// evaluation (<see cref="FullValidation"/>), the adaptive policy's racing (<see cref="RacingValidation"/>), or one of
/// your own, set on <c>GepaOptions.Validation</c>.</summary>
/// <remarks>An implementation scores through <see cref="IValidationContext.EvaluateAsync"/> (which reads the cache and
/// spends the budget) and adds through <see cref="IValidationContext.AddCandidateAsync"/>; it never changes the state
/// any other way. Keep any state of your own derivable from the pool: it is not checkpointed.</remarks>
public interface IValidation
{
    /// <summary>The fewest validation rollouts an accepted candidate needs: what a strict budget keeps back for each
    /// candidate an iteration can add.</summary>
    /// <param name="context">The run.</param>
    /// <returns>A number of rollouts, at least 0.</returns>
    int Reserve(IValidationContext context);

    /// <summary>The rollouts kept back for the end of the run (for example the leader's final full evaluation).</summary>
    /// <param name="context">The run.</param>
    /// <returns>A number of rollouts, at least 0.</returns>
    int PromotionReserve(IValidationContext context);

    /// <summary>The score stop conditions see as the leader's.</summary>
    /// <param name="context">The run.</param>
    /// <returns>The score, or <see langword="null"/> for the best fully evaluated candidate's mean.</returns>
    double? LeaderScore(IValidationContext context);

    /// <summary>Scores a new candidate on the validation set and adds it to the pool.</summary>
    /// <param name="context">The run, the iteration and the proposal that made the candidate.</param>
    /// <param name="candidate">The new candidate.</param>
    /// <param name="parents">Its parents.</param>
    /// <param name="known">Validation scores it already has (a merge's subsample), or <see langword="null"/>.</param>
    /// <returns>Its index in the pool, as <see cref="IValidationContext.AddCandidateAsync"/> returned it.</returns>
    Task<int> AddAsync(IValidationContext context, Candidate candidate, IReadOnlyList<int> parents, IReadOnlyDictionary<int, double>? known);

    /// <summary>Says whether <see cref="FinishAsync"/> would evaluate anything, without evaluating (the stop message and
    /// a resume of a finished run rely on it).</summary>
    /// <param name="context">The run; <see cref="IValidationContext.RemainingBudget"/> is what finishing may spend.</param>
    /// <returns>Whether finishing would spend.</returns>
    bool HasWorkToFinish(IValidationContext context);

    /// <summary>Finishes validation at the end of a run that was not cancelled.</summary>
    /// <param name="context">The run.</param>
    /// <returns>Whether anything was evaluated.</returns>
    Task<bool> FinishAsync(IValidationContext context);
}
