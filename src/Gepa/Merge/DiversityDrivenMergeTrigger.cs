using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>The adaptive policy's trigger: a merge of the most diverse front pair with a usable ancestor, whenever the
/// pool has changed since the trigger last found nothing and merges are within their share of the budget.</summary>
/// <param name="state">The run's state.</param>
/// <param name="proposer">The merge proposer.</param>
/// <param name="adaptive">The adaptive policy, whose state records the trigger's work.</param>
/// <param name="logger">Where triggered merges are logged.</param>
internal sealed class DiversityDrivenMergeTrigger(GepaState state, MergeProposer proposer, AdaptiveController adaptive, ILogger logger) : IMergeTrigger
{
    /// <inheritdoc/>
    public bool IsDue =>
        state.Count >= 3
        && state.Count > adaptive.State.MergeCheckedAtPoolSize
        && DiversityMergeTrigger.BudgetAllows(adaptive.State.MergeRollouts, state.TotalMetricCalls, adaptive.Options.MaxMergeBudgetShare);

    /// <inheritdoc/>
    public MergePlan? Propose(int number)
    {
        var a = adaptive;
        var pairs = DiversityMergeTrigger.DiversePairs(state, state.SelectionScores(), a.Options.MergeDiversityThreshold);
        var plan = pairs.Count == 0 ? null : proposer.Propose([.. pairs.Select(p => (p.I, p.J))]);
        if (plan is null)
        {
            a.State.MergeCheckedAtPoolSize = state.Count;
            return null;
        }

        a.State.MergesTriggered++;
        Log.DiversityMerge(logger, number, plan.I, plan.J, pairs.First(p => p.I == plan.I && p.J == plan.J).Diversity);
        return plan;
    }
}
