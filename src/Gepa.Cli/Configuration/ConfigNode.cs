namespace Gepa.Cli.Configuration;

/// <summary>A node of a loaded configuration document, remembering where it came from.</summary>
/// <remarks>YAML and JSON both load into this tree, so that every message can name the file, line and column.</remarks>
internal abstract class ConfigNode(SourceLocation location)
{
    /// <summary>Gets where the node came from.</summary>
    public SourceLocation Location { get; } = location;
}

/// <summary>A scalar: its text, and whether it was quoted (a quoted <c>"3"</c> is a string, not a number).</summary>
internal sealed class ConfigScalar(string? value, bool quoted, SourceLocation location) : ConfigNode(location)
{
    /// <summary>Gets the text, or <see langword="null"/> for an explicit null (<c>~</c>, <c>null</c> or nothing).</summary>
    public string? Value { get; } = value;

    /// <summary>Gets whether the text was quoted in the source.</summary>
    public bool Quoted { get; } = quoted;
}

/// <summary>A sequence of nodes.</summary>
internal sealed class ConfigSequence(IReadOnlyList<ConfigNode> items, SourceLocation location) : ConfigNode(location)
{
    /// <summary>Gets the items.</summary>
    public IReadOnlyList<ConfigNode> Items { get; } = items;
}

/// <summary>A mapping from keys to nodes, in source order.</summary>
internal sealed class ConfigMap(SourceLocation location) : ConfigNode(location)
{
    /// <summary>Gets the entries in source order.</summary>
    public OrderedDictionary<string, ConfigEntry> Entries { get; } = new(StringComparer.Ordinal);
}

/// <summary>One entry of a <see cref="ConfigMap"/>: the key's location and the value.</summary>
/// <param name="KeyLocation">Where the key is written.</param>
/// <param name="Value">The value.</param>
internal sealed record ConfigEntry(SourceLocation KeyLocation, ConfigNode Value);
