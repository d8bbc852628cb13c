namespace Gepa;

/// <summary>Thrown when a run directory cannot be created or opened; the message says why and what to do.</summary>
public sealed class GepaRunDirectoryException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public GepaRunDirectoryException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public GepaRunDirectoryException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GepaRunDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a reason and a message.</summary>
    /// <param name="error">Why.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GepaRunDirectoryException(GepaRunDirectoryError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets why the directory was refused.</summary>
    public GepaRunDirectoryError Error { get; }
}
