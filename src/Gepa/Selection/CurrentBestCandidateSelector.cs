namespace Gepa.Strategies;

/// <summary>The candidate with the highest score (the first on ties).</summary>
public sealed class CurrentBestCandidateSelector : ICandidateSelector
{
    /// <inheritdoc/>
    public int SelectCandidate(IGepaStateView state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ParetoSelection.ArgMax(state.SelectionScores());
    }
}
