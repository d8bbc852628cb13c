namespace Gepa;

/// <summary>Thrown when a seedless run cannot get a usable first candidate from the reflection model; the run never
/// starts from an empty seed.</summary>
public sealed class SeedGenerationException : Exception
{
    /// <summary>Initializes a new instance with the default message.</summary>
    public SeedGenerationException()
        : this("The reflection model did not write a usable first candidate.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public SeedGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SeedGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
