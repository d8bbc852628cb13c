namespace Gepa.Strategies;

/// <summary>The reference's default: every validation example.</summary>
public sealed class FullEvaluationPolicy : IEvaluationPolicy
{
    /// <inheritdoc/>
    public IReadOnlyList<int> GetEvalBatch(IGepaStateView state, Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. Enumerable.Range(0, state.ValsetSize)];
    }
}
