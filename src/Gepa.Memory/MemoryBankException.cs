namespace Gepa;

/// <summary>A memory bank file that cannot be used: corrupt, locked by another process, or written by a newer version.
/// The message names the file; the file is left as it was.</summary>
public sealed class MemoryBankException : Exception
{
    /// <summary>Initializes a new instance with no message.</summary>
    public MemoryBankException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong, naming the file.</param>
    public MemoryBankException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public MemoryBankException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the memory bank file concerned.</summary>
    public string? FilePath { get; init; }
}
