namespace Gepa;

/// <summary>Pre-flight arithmetic on rollout budgets.</summary>
public static class GepaBudget
{
    /// <summary>Estimates how many reflective proposals a budget allows, before any model call.</summary>
    /// <param name="options">The run settings.</param>
    /// <param name="valsetSize">The number of validation examples.</param>
    /// <returns>The estimate; <see cref="BudgetEstimate.IsLow"/> says when to warn.</returns>
    public static BudgetEstimate Estimate(GepaOptions options, int valsetSize) => Estimate(options, valsetSize, int.MaxValue);

    /// <summary>Estimates how many reflective proposals a budget allows, before any model call, for a trainset of a
    /// known size (the focused minibatch takes at most the trainset).</summary>
    /// <param name="options">The run settings.</param>
    /// <param name="valsetSize">The number of validation examples.</param>
    /// <param name="trainsetSize">The number of training examples.</param>
    /// <returns>The estimate; <see cref="BudgetEstimate.IsLow"/> says when to warn.</returns>
    public static BudgetEstimate Estimate(GepaOptions options, int valsetSize, int trainsetSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMetricCalls is not { } max)
        {
            return new BudgetEstimate(int.MaxValue, "No rollout budget is set; the run is bounded by its stop conditions.");
        }

        var minibatch = AdaptiveController.MinibatchSize(options, trainsetSize);
        if (AdaptiveController.RacesCandidates(options))
        {
            // A race usually ends within its first two stages; the leader's final full evaluation is paid once.
            var race = Math.Min(valsetSize, 2 * options.Adaptive.InitialFirstStage);
            var perRacedProposal = (2.0 * minibatch) + (BudgetEstimate.AssumedAcceptanceRate * race);
            var raced = (int)Math.Max(0, Math.Floor((max - (2 * valsetSize)) / perRacedProposal));
            return new BudgetEstimate(
                raced,
                $"({max} budget - {valsetSize} for the seed's validation - {valsetSize} for the final full validation) / (2 x {minibatch} minibatch rollouts + {BudgetEstimate.AssumedAcceptanceRate:0.0} x about {race} racing rollouts, assuming {BudgetEstimate.AssumedAcceptanceRate:P0} of proposals are accepted)");
        }

        var perProposal = (2.0 * minibatch) + (BudgetEstimate.AssumedAcceptanceRate * valsetSize);
        var proposals = (int)Math.Max(0, Math.Floor((max - valsetSize) / perProposal));
        return new BudgetEstimate(
            proposals,
            $"({max} budget - {valsetSize} for the seed's validation) / (2 x {minibatch} minibatch rollouts + {BudgetEstimate.AssumedAcceptanceRate:0.0} x {valsetSize} validation rollouts, assuming {BudgetEstimate.AssumedAcceptanceRate:P0} of proposals are accepted)");
    }
}
