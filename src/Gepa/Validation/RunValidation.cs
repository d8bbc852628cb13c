using Gepa.Strategies;

namespace Gepa;

/// <summary>A run's validation strategy bound to the run: the conductor and the steps call it without contexts.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="validation">The strategy.</param>
/// <param name="context">Makes the context of one call: the iteration number and the proposal id.</param>
/// <param name="iteration">The current iteration number, for calls outside an iteration's step.</param>
internal sealed class RunValidation<TExample>(IValidation validation, Func<int, int?, ValidationContext<TExample>> context, Func<int> iteration)
{
    /// <summary>Gets the strategy.</summary>
    public IValidation Strategy => validation;

    /// <summary>Gets the fewest validation rollouts an accepted candidate needs: what a strict budget keeps back.</summary>
    public int Reserve => Checked(validation.Reserve(context(iteration(), null)), nameof(IValidation.Reserve));

    /// <summary>Gets the rollouts kept back for the end of the run.</summary>
    public int PromotionReserve => Checked(validation.PromotionReserve(context(iteration(), null)), nameof(IValidation.PromotionReserve));

    /// <summary>Gets the score stop conditions see as the leader's, or <see langword="null"/> when it is the best's.</summary>
    public double? LeaderScore => validation.LeaderScore(context(iteration(), null));

    /// <summary>Gets whether the budget still pays for scoring a new candidate on at least one validation example
    /// beyond what is kept back for the end of the run. A strict budget keeps back one validation per child an
    /// iteration may choose, but a race that a child wins enlarges the end-of-run reserve (the new leader is only
    /// partially evaluated) and later stages may spend what the next child was to get; a candidate joins the pool
    /// only with a score, so such a child is rejected instead.</summary>
    /// <param name="number">The iteration.</param>
    /// <returns>Whether a new candidate can be validated.</returns>
    public bool CanValidateAnother(int number)
    {
        var call = context(number, null);
        return !call.StrictBudget || call.RemainingBudget - Checked(validation.PromotionReserve(call), nameof(IValidation.PromotionReserve)) > 0;
    }

    /// <summary>Scores a candidate on the validation set and adds it to the pool.</summary>
    public async Task<int> AddAsync(Candidate candidate, int[] parents, int number, IReadOnlyDictionary<int, double>? known, int? proposal)
    {
        var call = context(number, proposal);
        var before = call.RunState.Count;
        var idx = await validation.AddAsync(call, candidate, parents, known);
        if (call.RunState.Count != before + 1 || idx != before)
        {
            throw new InvalidOperationException($"The validation {validation.GetType().Name} must add the candidate to the pool exactly once, through IValidationContext.AddCandidateAsync, and return its index.");
        }

        return idx;
    }

    /// <summary>Finishes validation at the end of a run that was not cancelled.</summary>
    public Task<bool> FinishAsync() => validation.FinishAsync(context(iteration(), null));

    /// <summary>Gets whether finishing would evaluate anything.</summary>
    public bool HasWorkToFinish => validation.HasWorkToFinish(context(iteration(), null));

    private int Checked(int rollouts, string member) => rollouts >= 0
        ? rollouts
        : throw new InvalidOperationException($"The validation {validation.GetType().Name} said its {member} is {rollouts}; it must be at least 0.");
}
