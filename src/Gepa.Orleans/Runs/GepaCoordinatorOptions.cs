namespace Gepa.Orleans;

/// <summary>The run definitions a coordinator silo can run, by name.</summary>
public sealed class GepaCoordinatorOptions
{
    /// <summary>Gets the run definitions, by name.</summary>
    public Dictionary<string, IGepaRunDefinition> Definitions { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets where runs commit their rollout keys: a database table shared by every coordinator silo
    /// (see <see cref="AdoNetRolloutLedgerStore"/>), or <see langword="null"/> to keep them in the run grain's memory.</summary>
    public IRolloutLedgerStore? LedgerStore { get; set; }

    /// <summary>Registers a run definition.</summary>
    /// <param name="name">The name clients start it by.</param>
    /// <param name="definition">The definition.</param>
    /// <returns>These options.</returns>
    public GepaCoordinatorOptions AddDefinition(string name, IGepaRunDefinition definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(definition);
        Definitions[name] = definition;
        return this;
    }
}
