namespace Gepa;

/// <summary>A strategy that learns from the outcome of each reflective proposal.</summary>
internal interface IProposalOutcomeObserver
{
    /// <summary>Records what one iteration's reflective proposal led to.</summary>
    /// <param name="state">The run's state after the iteration.</param>
    /// <param name="accepted">Whether the proposal was accepted (the new candidate is the pool's last).</param>
    /// <param name="spent">The rollouts the proposal spent.</param>
    void Observe(GepaState state, bool accepted, int spent);
}
