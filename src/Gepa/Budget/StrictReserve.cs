namespace Gepa;

/// <summary>What a strict budget keeps back before it starts an iteration: the sum of what each strategy says the
/// iteration can spend at worst.</summary>
internal static class StrictReserve
{
    /// <summary>The rollouts the next iteration may need: its step (every proposal's minibatches and a validation for
    /// each child that can be chosen, or a merge's subsample and its validation, whichever is larger), and the
    /// validation's end-of-run reserve.</summary>
    public static int Needed<TExample>(RunStrategies<TExample> strategies)
    {
        var validation = strategies.Validation.Reserve;
        var proposals = strategies.Mutation.WorstCase + (validation * strategies.Mutation.MaxAccepted);
        var merge = strategies.Merge.WorstCase + validation;
        return Math.Max(proposals, merge) + strategies.Validation.PromotionReserve;
    }
}
