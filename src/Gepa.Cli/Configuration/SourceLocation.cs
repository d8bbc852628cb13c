namespace Gepa.Cli.Configuration;

/// <summary>Where a configuration value came from: a file position or a <c>--set</c> override.</summary>
/// <param name="File">The file path as the user gave it, or <see langword="null"/> for a command-line override.</param>
/// <param name="Line">The 1-based line, or 0 when unknown.</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
internal sealed record SourceLocation(string? File, int Line, int Column)
{
    /// <summary>Gets the location of values given with <c>--set</c>.</summary>
    public static SourceLocation CommandLine { get; } = new(null, 0, 0);

    /// <summary>Formats the location as a message prefix, like a compiler does: <c>file:line:column</c>.</summary>
    /// <returns>The prefix, without a trailing colon.</returns>
    public override string ToString() =>
        File is null ? "--set" : Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
