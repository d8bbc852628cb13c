namespace Gepa;

/// <summary>How the engine spends its rollout budget.</summary>
public enum BudgetPolicy
{
    /// <summary>The reference's allocation (the default): every accepted candidate is scored on the whole valset,
    /// components are rewritten in round-robin order, and merges (when <see cref="GepaOptions.UseMerge"/> is on) follow
    /// the reference's schedule. Runs make the same decisions as the Python reference.</summary>
    Fixed,

    /// <summary>Rollouts go where they still buy score: accepted candidates are raced on a growing part of the valset
    /// and dropped once they cannot win, components are chosen by a bandit on score gained per rollout, merges run
    /// when the front holds lineages that win on different examples, and minibatches are drawn from the training
    /// examples the parent is not known to pass. Each part can be switched on its own in
    /// <see cref="GepaOptions.Adaptive"/>.</summary>
    Adaptive,
}
