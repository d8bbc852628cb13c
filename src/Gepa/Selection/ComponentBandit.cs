namespace Gepa;

/// <summary>Chooses which component a proposal rewrites: a discounted UCB1 bandit whose reward is the validation score
/// a proposal gained per rollout it cost.</summary>
/// <remarks>
/// <para>Round-robin gives every component the same share of proposals however much each still improves. Here each
/// component keeps a discounted record of the score its rewrites gained (0 for a rejected proposal) and the rollouts
/// they cost; the next proposal goes to the component with the highest gain per rollout plus an exploration bonus
/// that grows while a component is left alone. Discounting makes the record recent, so a component that has reached a
/// plateau loses its lead within a few proposals, and the bonus makes sure a stalled component is retried now and
/// then, in case what the others learned has made it improvable again.</para>
/// <para>The bonus is scaled by the pooled gain per rollout of all components, so that the exploration constant means
/// the same whatever the task's score scale and cost per proposal.</para>
/// </remarks>
internal static class ComponentBandit
{
    /// <summary>The component to rewrite next: an untried one first (in the given order), else the one with the highest
    /// upper confidence bound on gain per rollout; ties go to the earlier one.</summary>
    /// <param name="components">The components, in the seed candidate's order.</param>
    /// <param name="arms">The record per component (components without one are untried).</param>
    /// <param name="exploration">The exploration weight.</param>
    public static string Select(IReadOnlyList<string> components, IReadOnlyDictionary<string, BanditArm> arms, double exploration)
    {
        foreach (var c in components)
        {
            if (!arms.TryGetValue(c, out var arm) || arm.Pulls <= 0)
            {
                return c;
            }
        }

        var totalPulls = components.Sum(c => arms[c].Pulls);
        var pooled = components.Sum(c => arms[c].Gain) / Math.Max(components.Sum(c => arms[c].Cost), 1e-12);

        // Before anything has gained, the pooled rate is 0 and so would be every bonus: fall back to a unit scale per
        // rollout of the cheapest record so that exploration still alternates.
        var scale = pooled > 0 ? pooled : 1.0 / Math.Max(components.Max(c => arms[c].Cost / arms[c].Pulls), 1);
        var best = components[0];
        var bestIndex = double.NegativeInfinity;
        foreach (var c in components)
        {
            var arm = arms[c];
            var rate = arm.Gain / Math.Max(arm.Cost, 1e-12);
            var index = rate + (exploration * scale * Math.Sqrt(2 * Math.Log(Math.Max(totalPulls, 1.0 + 1e-9)) / arm.Pulls));
            if (index > bestIndex)
            {
                best = c;
                bestIndex = index;
            }
        }

        return best;
    }

    /// <summary>Records one proposal: every component's record is discounted, then the rewritten one is credited.</summary>
    /// <param name="arms">The records, updated in place.</param>
    /// <param name="components">All components (each is discounted).</param>
    /// <param name="rewritten">The component the proposal rewrote.</param>
    /// <param name="gain">The validation score the proposal gained (0 if it was rejected or lost score).</param>
    /// <param name="cost">The rollouts the proposal cost.</param>
    /// <param name="discount">The discount factor in (0, 1].</param>
    public static void Record(Dictionary<string, BanditArm> arms, IReadOnlyList<string> components, string rewritten, double gain, int cost, double discount)
    {
        foreach (var c in components)
        {
            if (arms.TryGetValue(c, out var arm))
            {
                arm.Pulls *= discount;
                arm.Gain *= discount;
                arm.Cost *= discount;
            }
        }

        if (!arms.TryGetValue(rewritten, out var pulled))
        {
            pulled = new BanditArm();
            arms[rewritten] = pulled;
        }

        pulled.Pulls += 1;
        pulled.Gain += Math.Max(0, gain);
        pulled.Cost += Math.Max(0, cost);
    }
}
