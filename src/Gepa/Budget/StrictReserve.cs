namespace Gepa;

/// <summary>What a strict budget keeps back before it starts an iteration: the sum of what each strategy says the
/// iteration can spend at worst.</summary>
internal static class StrictReserve
{
    /// <summary>The rollouts the next iteration may need: its step (a reflective proposal's minibatches, or a merge's
    /// subsample, whichever is larger), a validation, and the validation's end-of-run reserve.</summary>
    public static int Needed<TExample>(RunStrategies<TExample> strategies) =>
        Math.Max(strategies.Mutation.WorstCase, strategies.Merge.WorstCase) + strategies.Validation.Reserve + strategies.Validation.PromotionReserve;
}
