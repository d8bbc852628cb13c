namespace Gepa.Cli;

/// <summary>A configuration that cannot be run by a <see cref="GepaConfigRun"/>: the message is one line per problem,
/// each naming the file, line and key.</summary>
public sealed class GepaConfigException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public GepaConfigException()
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What is wrong, naming the file, line and key.</param>
    public GepaConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What is wrong, naming the file, line and key.</param>
    /// <param name="innerException">The error found while loading.</param>
    public GepaConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
