using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Gepa;

/// <summary>An immutable, ordered map of component name to text: the thing GEPA evolves.</summary>
/// <remarks>
/// <para>The order of the components is meaningful: it is the round-robin order in which components are
/// chosen for reflection, and it is kept by every candidate derived from this one.</para>
/// <para>Two candidates are equal when they hold the same components, in the same order, with the same texts.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A candidate is a domain object that happens to be a map; 'CandidateDictionary' would say less.")]
public sealed class Candidate : IReadOnlyDictionary<string, string>, IEquatable<Candidate>
{
    private readonly string[] _names;
    private readonly string[] _texts;
    private string? _contentHash;

    /// <summary>Initializes a new candidate from its components, in order.</summary>
    /// <param name="components">The component names and texts; names must be unique and non-empty.</param>
    /// <exception cref="ArgumentNullException"><paramref name="components"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A name is empty or repeated, or a text is <see langword="null"/>.</exception>
    public Candidate(IEnumerable<KeyValuePair<string, string>> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var names = new List<string>();
        var texts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, text) in components)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A component name must not be empty.", nameof(components));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"The component name '{name}' appears more than once.", nameof(components));
            }

            if (text is null)
            {
                throw new ArgumentException($"The text of component '{name}' must not be null.", nameof(components));
            }

            names.Add(name);
            texts.Add(text);
        }

        _names = [.. names];
        _texts = [.. texts];
    }

    private Candidate(string[] names, string[] texts)
    {
        _names = names;
        _texts = texts;
    }

    /// <summary>Creates a candidate with a single component.</summary>
    /// <param name="name">The component name, for example <c>system_prompt</c>.</param>
    /// <param name="text">The component text.</param>
    /// <returns>The new candidate.</returns>
    public static Candidate FromText(string name, string text) => new([new KeyValuePair<string, string>(name, text)]);

    /// <summary>Gets the component names in order.</summary>
    public IReadOnlyList<string> ComponentNames => _names;

    /// <summary>Gets the number of components.</summary>
    public int Count => _names.Length;

    /// <summary>Gets the text of a component.</summary>
    /// <param name="key">The component name.</param>
    /// <exception cref="KeyNotFoundException">The candidate has no component with that name.</exception>
    public string this[string key]
    {
        get
        {
            var i = IndexOf(key);
            return i >= 0 ? _texts[i] : throw new KeyNotFoundException($"The candidate has no component named '{key}'.");
        }
    }

    /// <summary>Gets the component names in order.</summary>
    public IEnumerable<string> Keys => _names;

    /// <summary>Gets the component texts in component order.</summary>
    public IEnumerable<string> Values => _texts;

    /// <summary>Gets a stable SHA-256 hash (lowercase hex) of the candidate's content, independent of component order.</summary>
    public string ContentHash => _contentHash ??= ComputeHash();

    /// <summary>Returns a copy of this candidate with some component texts replaced; the order is kept.</summary>
    /// <param name="updates">The components to replace, by name.</param>
    /// <returns>The new candidate, or this one when <paramref name="updates"/> is empty.</returns>
    /// <exception cref="ArgumentException">An update names a component this candidate does not have.</exception>
    public Candidate With(IEnumerable<KeyValuePair<string, string>> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        string[]? texts = null;
        foreach (var (name, text) in updates)
        {
            var i = IndexOf(name);
            if (i < 0)
            {
                throw new ArgumentException($"The candidate has no component named '{name}'; its components are: {string.Join(", ", _names)}.", nameof(updates));
            }

            ArgumentNullException.ThrowIfNull(text, nameof(updates));
            texts ??= (string[])_texts.Clone();
            texts[i] = text;
        }

        return texts is null ? this : new Candidate(_names, texts);
    }

    /// <summary>Returns a copy of this candidate with one component text replaced.</summary>
    /// <param name="name">The component to replace.</param>
    /// <param name="text">Its new text.</param>
    /// <returns>The new candidate.</returns>
    public Candidate With(string name, string text) => With([new KeyValuePair<string, string>(name, text)]);

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _texts[i] : null;
        return i >= 0;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            yield return new KeyValuePair<string, string>(_names[i], _texts[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Candidate? other) =>
        other is not null && (ReferenceEquals(this, other) || (_names.AsSpan().SequenceEqual(other._names) && _texts.AsSpan().SequenceEqual(other._texts)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Candidate);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ContentHash);

    /// <summary>Returns a short, human-readable description of the candidate.</summary>
    /// <returns>The component names and the first characters of each text.</returns>
    public override string ToString() =>
        string.Join("; ", this.Select(kv => $"{kv.Key}: {(kv.Value.Length > 40 ? kv.Value[..40] + "…" : kv.Value)}"));

    private int IndexOf(string name) => Array.IndexOf(_names, name);

    private string ComputeHash()
    {
        // Length-prefixed so that no two different candidates can encode to the same bytes.
        var sb = new StringBuilder();
        foreach (var i in Enumerable.Range(0, _names.Length).OrderBy(i => _names[i], StringComparer.Ordinal))
        {
            sb.Append(_names[i].Length).Append(':').Append(_names[i]).Append(_texts[i].Length).Append(':').Append(_texts[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
