namespace Gepa.Strategies;

/// <summary>Chooses the parent of the next reflective proposal (the reference's <c>CandidateSelector</c>).</summary>
public interface ICandidateSelector
{
    /// <summary>Chooses a candidate of the pool.</summary>
    /// <param name="state">The run's state.</param>
    /// <returns>The index of the parent.</returns>
    int SelectCandidate(IGepaStateView state);
}
