namespace Gepa.Cli.Configuration;

/// <summary>Thrown when a configuration cannot be used; carries every problem found, each one line.</summary>
internal sealed class ConfigException : Exception
{
    /// <summary>Initializes the exception with the problems found.</summary>
    /// <param name="errors">The problems, at least one.</param>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Initializes the exception with one problem.</summary>
    /// <param name="error">The problem.</param>
    public ConfigException(ConfigError error)
        : this([error])
    {
    }

    /// <summary>Gets the problems found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
