namespace Gepa.Cli.Configuration;

/// <summary>One documented configuration key.</summary>
/// <param name="Path">The dotted path, for example <c>engine.minibatch-size</c>.</param>
/// <param name="Kind">The value type.</param>
/// <param name="Default">The default as written in the docs (<c>-</c> for none).</param>
/// <param name="Description">What the key does, one sentence.</param>
internal sealed record ConfigKey(string Path, ConfigKind Kind, string Default, string Description)
{
    /// <summary>Gets the smallest allowed value of a number.</summary>
    public double? Min { get; init; }

    /// <summary>Gets the largest allowed value of a number.</summary>
    public double? Max { get; init; }

    /// <summary>Gets the allowed words of a <see cref="ConfigKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Gets the last segment of the path.</summary>
    public string Name => Path[(Path.LastIndexOf('.') + 1)..];

    /// <summary>Gets the parent section, or the empty string for a top-level key.</summary>
    public string Section => Path.Contains('.', StringComparison.Ordinal) ? Path[..Path.LastIndexOf('.')] : "";
}
