namespace Gepa;

/// <summary>A strategy that learns from the outcome of each reflective proposal.</summary>
internal interface IProposalOutcomeObserver
{
    /// <summary>Records what one reflective proposal led to; called once per proposal the component selector chose
    /// components for, after its iteration, in the order the sampling strategy drew the proposals (never in the order
    /// they completed), so that what is learned does not depend on concurrency.</summary>
    /// <param name="state">The run's state after the iteration.</param>
    /// <param name="outcome">The proposal's parent, components, new candidate and cost.</param>
    void Observe(GepaState state, ProposalOutcome outcome);
}
