namespace Gepa.Strategies;

/// <summary>The reference's default: a candidate drawn from the Pareto front, weighted by the number of front keys it
/// is best on, after removing dominated candidates.</summary>
public sealed class ParetoCandidateSelector : ICandidateSelector
{
    /// <inheritdoc/>
    public int SelectCandidate(IGepaStateView state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = StateViews.Unwrap(state);
        return ParetoSelection.Choose(s.ParetoSamplingList(), state.Random)
            ?? throw new InvalidOperationException("The Pareto front is empty; this cannot happen with a non-empty valset.");
    }
}
