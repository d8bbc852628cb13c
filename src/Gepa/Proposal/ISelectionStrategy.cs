namespace Gepa.Strategies;

/// <summary>Chooses which of an iteration's evaluated proposals go on to validation (the reference's
/// <c>SelectionStrategy</c>); every proposal not chosen is reported as rejected.</summary>
public interface ISelectionStrategy
{
    /// <summary>Gets the most proposals one call can choose out of <paramref name="proposals"/>; the strict budget
    /// reserves a validation for each.</summary>
    /// <param name="proposals">The number of proposals of an iteration.</param>
    /// <returns>The most that can be chosen.</returns>
    int MaxSelected(int proposals);

    /// <summary>Chooses proposals.</summary>
    /// <param name="proposals">The iteration's proposals, in task order.</param>
    /// <param name="state">The run's state.</param>
    /// <param name="acceptance">The run's acceptance criterion.</param>
    /// <returns>Proposals from <paramref name="proposals"/> (the same objects), in the order they are validated.</returns>
    IReadOnlyList<CandidateProposal> SelectProposals(IReadOnlyList<CandidateProposal> proposals, IGepaStateView state, IAcceptanceCriterion acceptance);
}
