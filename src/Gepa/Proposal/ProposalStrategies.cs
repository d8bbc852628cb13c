using Gepa.Strategies;

namespace Gepa;

/// <summary>The strategies a reflective proposal step is made of.</summary>
/// <param name="CandidateSelector">Chooses parents.</param>
/// <param name="BatchSampler">Chooses minibatches.</param>
/// <param name="ComponentSelector">Chooses the components to rewrite.</param>
/// <param name="Acceptance">Judges children on their minibatch.</param>
/// <param name="Sampling">Chooses the iteration's (parent, minibatch) tasks.</param>
/// <param name="Selection">Chooses which accepted children go on to validation.</param>
/// <param name="Proposer">A proposer of the user's own, used instead of reflective mutation, or <see langword="null"/>.</param>
internal sealed record ProposalStrategies(
    ICandidateSelector CandidateSelector,
    IBatchSampler BatchSampler,
    IComponentSelector ComponentSelector,
    IAcceptanceCriterion Acceptance,
    ISamplingStrategy Sampling,
    ISelectionStrategy Selection,
    ICandidateProposer? Proposer);
