namespace Gepa.Cli.Configuration;

/// <summary>The type of a configuration value.</summary>
internal enum ConfigKind
{
    /// <summary>Any text.</summary>
    Text,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A duration: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1h30m</c>, or a number of seconds.</summary>
    Duration,

    /// <summary>One of a fixed set of words.</summary>
    Choice,

    /// <summary>A path to a file that must exist, relative to the configuration file.</summary>
    InputFile,

    /// <summary>A path that need not exist yet, relative to the configuration file.</summary>
    OutputPath,

    /// <summary>A free-form mapping passed through (extra body fields, metric parameters).</summary>
    Map,

    /// <summary>A mapping of names to text or to <c>{file: path}</c>.</summary>
    TextOrFileMap,

    /// <summary>A mapping of names to files that must exist.</summary>
    FileMap,

    /// <summary>A list of entries, each checked by its own section's rules (<c>pipeline.flow</c>).</summary>
    Sequence,
}
