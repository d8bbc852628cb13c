namespace Gepa.Strategies;

/// <summary>Every component of the parent, in its order.</summary>
public sealed class AllComponentSelector : IComponentSelector
{
    /// <inheritdoc/>
    public IReadOnlyList<string> SelectComponents(IGepaStateView state, int parent, Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return [.. candidate.ComponentNames];
    }
}
