namespace Gepa.Strategies;

/// <summary>Only the accepted proposal with the largest minibatch improvement (the first on ties).</summary>
public sealed class BestImprovement : ISelectionStrategy
{
    /// <inheritdoc/>
    public int MaxSelected(int proposals) => Math.Min(proposals, 1);

    /// <inheritdoc/>
    public IReadOnlyList<CandidateProposal> SelectProposals(IReadOnlyList<CandidateProposal> proposals, IGepaStateView state, IAcceptanceCriterion acceptance)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(acceptance);
        CandidateProposal? best = null;
        var bestImprovement = double.NegativeInfinity;
        foreach (var p in proposals)
        {
            if (acceptance.ShouldAccept(p.ScoresBefore, p.ScoresAfter) && p.Improvement > bestImprovement)
            {
                (best, bestImprovement) = (p, p.Improvement);
            }
        }

        return best is null ? [] : [best];
    }

    /// <inheritdoc/>
    public override string ToString() => "best";
}
