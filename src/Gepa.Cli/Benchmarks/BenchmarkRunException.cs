namespace Gepa.Cli.Benchmarks;

/// <summary>One benchmark run failed; the message names the configuration, budget and seed.</summary>
internal sealed class BenchmarkRunException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public BenchmarkRunException()
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BenchmarkRunException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BenchmarkRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
