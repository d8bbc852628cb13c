namespace Gepa;

/// <summary>How an accepted candidate is scored on the validation set and joins the pool.</summary>
internal interface IValidation
{
    /// <summary>Gets the fewest validation rollouts an accepted candidate needs: what a strict budget keeps back.</summary>
    int Reserve { get; }

    /// <summary>Gets the rollouts kept back for the end of the run (the leader's final full evaluation).</summary>
    int PromotionReserve { get; }

    /// <summary>Gets the score stop conditions see as the leader's, or <see langword="null"/> when it is the best's.</summary>
    double? LeaderScore { get; }

    /// <summary>Scores a candidate on the validation set and adds it to the pool.</summary>
    /// <param name="candidate">The new candidate.</param>
    /// <param name="parents">Its parents.</param>
    /// <param name="number">The iteration number.</param>
    /// <param name="known">Validation scores it already has (a merge's subsample).</param>
    /// <param name="proposal">The id of the proposal that made it, carried by its validation event.</param>
    /// <returns>Its index in the pool.</returns>
    Task<int> AddAsync(Candidate candidate, int[] parents, int number, IReadOnlyDictionary<int, double>? known, int? proposal);

    /// <summary>Finishes validation at the end of a run that was not cancelled.</summary>
    /// <returns>Whether anything was evaluated.</returns>
    Task<bool> FinishAsync();
}
