namespace Gepa.Strategies;

/// <summary>With probability epsilon a uniformly random candidate, else the best.</summary>
/// <param name="epsilon">The exploration probability, in [0, 1].</param>
public sealed class EpsilonGreedyCandidateSelector(double epsilon) : ICandidateSelector
{
    /// <summary>Gets the exploration probability.</summary>
    public double Epsilon { get; } = epsilon is >= 0 and <= 1 ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be in [0, 1].");

    /// <inheritdoc/>
    public int SelectCandidate(IGepaStateView state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var scores = state.SelectionScores();
        return state.Random.NextDouble() < Epsilon ? state.Random.RandInt(0, state.Count - 1) : ParetoSelection.ArgMax(scores);
    }
}
