namespace Gepa.Cli.Configuration;

/// <summary>One problem with the configuration, rendered as one line: <c>file:line:column: key: message</c>.</summary>
/// <param name="Location">Where the problem is, or <see langword="null"/> when it has no place in a file.</param>
/// <param name="Key">The dotted key, or <see langword="null"/> for a problem with the whole file.</param>
/// <param name="Message">What is wrong and how to fix it, without any secret value.</param>
internal sealed record ConfigError(SourceLocation? Location, string? Key, string Message)
{
    /// <summary>Renders the error as one line.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var prefix = Location is null ? "" : Location + ": ";
        var key = Key is null ? "" : Key + ": ";
        return prefix + key + Message;
    }
}
