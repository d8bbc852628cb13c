using System.Collections;

namespace Gepa;

/// <summary>The records the reflection model reads, per component, in the order the components were added.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A dataset is a domain object; the enumerator is for rendering.")]
public sealed class ReflectiveDataset : IEnumerable<KeyValuePair<string, IReadOnlyList<ReflectiveRecord>>>
{
    private readonly OrderedDictionary<string, IReadOnlyList<ReflectiveRecord>> _byComponent = new(StringComparer.Ordinal);

    /// <summary>Gets the component names that have records, in order.</summary>
    public IEnumerable<string> Components => _byComponent.Keys;

    /// <summary>Sets the records of a component.</summary>
    /// <param name="component">The component name.</param>
    /// <param name="records">Its records, in order; may be empty.</param>
    public void Add(string component, IEnumerable<ReflectiveRecord> records)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(records);
        _byComponent[component] = [.. records];
    }

    /// <summary>Gets the records of a component.</summary>
    /// <param name="component">The component name.</param>
    /// <returns>Its records, or an empty list when it has none.</returns>
    public IReadOnlyList<ReflectiveRecord> RecordsFor(string component) =>
        _byComponent.TryGetValue(component, out var records) ? records : [];

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, IReadOnlyList<ReflectiveRecord>>> GetEnumerator() => _byComponent.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
