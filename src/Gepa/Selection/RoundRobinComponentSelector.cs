namespace Gepa.Strategies;

/// <summary>The reference's default: one component per proposal, in turn, over the seed's component order; each
/// candidate keeps its own turn.</summary>
public sealed class RoundRobinComponentSelector : IComponentSelector
{
    /// <inheritdoc/>
    public IReadOnlyList<string> SelectComponents(IGepaStateView state, int parent, Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = StateViews.Unwrap(state);

        // Round-robin over the seed's component order; only the parent's pointer advances.
        var names = s.Candidates[0].ComponentNames;
        var pointer = s.RoundRobinPointers[parent];
        s.RoundRobinPointers[parent] = (pointer + 1) % names.Count;
        return [names[pointer]];
    }
}
