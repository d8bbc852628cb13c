namespace Gepa.Strategies;

/// <summary>Chooses which components of the parent a proposal rewrites (the reference's
/// <c>ReflectionComponentSelector</c>).</summary>
public interface IComponentSelector
{
    /// <summary>Chooses components of the parent.</summary>
    /// <param name="state">The run's state.</param>
    /// <param name="parent">The parent's index.</param>
    /// <param name="candidate">The parent.</param>
    /// <returns>The names of the components to rewrite, in the order they are proposed.</returns>
    IReadOnlyList<string> SelectComponents(IGepaStateView state, int parent, Candidate candidate);
}
