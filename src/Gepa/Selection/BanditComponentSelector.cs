using Gepa.Strategies;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>The adaptive policy's component selector: a discounted bandit on validation score gained per rollout,
/// credited once per proposal, in the order the proposals were drawn.</summary>
/// <param name="adaptive">The adaptive policy, whose state holds the arms.</param>
/// <param name="logger">Where the bandit's record is logged at debug level.</param>
internal sealed class BanditComponentSelector(AdaptiveController adaptive, ILogger logger) : IComponentSelector, IProposalOutcomeObserver
{
    /// <inheritdoc/>
    public IReadOnlyList<string> SelectComponents(IGepaStateView state, int parent, Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(state);
        var chosen = adaptive.SelectComponent();
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var record = string.Join("; ", adaptive.State.Arms.Select(kv => FormattableString.Invariant($"{kv.Key}: {kv.Value.Pulls:0.##} pulls, {kv.Value.Gain:0.###} gain, {kv.Value.Cost:0.#} rollouts")));
            Log.BanditChose(logger, state.Iteration + 1, chosen, record);
        }

        return [chosen];
    }

    /// <summary>Credits the bandit with what one proposal gained (the new candidate's paired validation gain over its
    /// parent, 0 when it was not accepted) and cost (every rollout it spent), once per proposal.</summary>
    public void Observe(GepaState state, ProposalOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outcome);
        var gain = outcome.Accepted is { } child ? PairedGain(state.ValSubscores[child], state.ValSubscores[outcome.Parent]) : 0;
        foreach (var component in outcome.Components)
        {
            adaptive.Credit(component, gain, outcome.Spent);
        }
    }

    /// <summary>The child's mean score minus its parent's on the validation examples both were scored on.</summary>
    private static double PairedGain(IReadOnlyDictionary<int, double> child, IReadOnlyDictionary<int, double> parent)
    {
        var shared = child.Keys.Where(parent.ContainsKey).ToList();
        return shared.Count == 0 ? 0 : shared.Average(e => child[e] - parent[e]);
    }
}
