using System.Collections;

namespace Gepa;

/// <summary>An ordered set of named values describing one example for the reflection model
/// (for example <c>Inputs</c>, <c>Generated Outputs</c>, <c>Feedback</c>).</summary>
/// <remarks>Supports collection initializers: <c>new ReflectiveRecord { ["Inputs"] = "…", ["Feedback"] = "…" }</c>.
/// The order in which keys are first set is the order in which they are rendered.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A record is a domain object; the enumerator is for rendering.")]
public sealed class ReflectiveRecord : IEnumerable<KeyValuePair<string, ReflectiveValue>>
{
    private readonly List<KeyValuePair<string, ReflectiveValue>> _entries = [];

    /// <summary>Gets or sets a value by key; setting an existing key keeps its position.</summary>
    /// <param name="key">The key.</param>
    public ReflectiveValue this[string key]
    {
        get => _entries.First(e => e.Key == key).Value;
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            var i = _entries.FindIndex(e => e.Key == key);
            if (i >= 0)
            {
                _entries[i] = new(key, value);
            }
            else
            {
                _entries.Add(new(key, value));
            }
        }
    }

    /// <summary>Gets the number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an entry at the end.</summary>
    /// <param name="key">The key; it must not already be present.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, ReflectiveValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_entries.Exists(e => e.Key == key))
        {
            throw new ArgumentException($"The record already has a key '{key}'.", nameof(key));
        }

        _entries.Add(new(key, value));
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, ReflectiveValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
