namespace Gepa.Strategies;

/// <summary>The reference's default: every proposal the acceptance criterion takes.</summary>
public sealed class AllImprovements : ISelectionStrategy
{
    /// <inheritdoc/>
    public int MaxSelected(int proposals) => proposals;

    /// <inheritdoc/>
    public IReadOnlyList<CandidateProposal> SelectProposals(IReadOnlyList<CandidateProposal> proposals, IGepaStateView state, IAcceptanceCriterion acceptance)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(acceptance);
        return [.. proposals.Where(p => acceptance.ShouldAccept(p.ScoresBefore, p.ScoresAfter))];
    }

    /// <inheritdoc/>
    public override string ToString() => "all";
}
