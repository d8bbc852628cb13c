namespace Gepa.Strategies;

/// <summary>The k accepted proposals with the largest minibatch improvements (stable: task order on ties).</summary>
/// <param name="k">How many to keep; at least 1.</param>
public sealed class TopKImprovements(int k) : ISelectionStrategy
{
    /// <summary>Gets how many proposals are kept.</summary>
    public int K { get; } = k >= 1 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at least 1.");

    /// <inheritdoc/>
    public int MaxSelected(int proposals) => Math.Min(proposals, K);

    /// <inheritdoc/>
    public IReadOnlyList<CandidateProposal> SelectProposals(IReadOnlyList<CandidateProposal> proposals, IGepaStateView state, IAcceptanceCriterion acceptance)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(acceptance);
        return [.. proposals.Where(p => acceptance.ShouldAccept(p.ScoresBefore, p.ScoresAfter)).OrderByDescending(p => p.Improvement).Take(K)];
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"top-k({K})");
}
