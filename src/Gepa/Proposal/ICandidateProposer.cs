namespace Gepa.Strategies;

/// <summary>A proposer of your own, used instead of reflective mutation (the reference's custom candidate proposer):
/// it proposes a child and scores it, and the engine judges, validates and adds it.</summary>
public interface ICandidateProposer
{
    /// <summary>Proposes a child for the current iteration.</summary>
    /// <param name="context">The run's state and its budgeted evaluation.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The proposal, or <see langword="null"/> to skip the iteration.</returns>
    Task<CandidateProposal?> ProposeAsync(IProposerContext context, CancellationToken cancellationToken);
}
