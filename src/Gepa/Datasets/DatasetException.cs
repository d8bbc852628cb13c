namespace Gepa;

/// <summary>A dataset file could not be read or has a bad row; the message names the file, the line and the field.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public DatasetException()
        : base("The dataset is not valid.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DatasetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance whose message is "<c>{source} line {n}: {detail}</c>".</summary>
    /// <param name="sourceName">The file (as the user named it) or other source of the data.</param>
    /// <param name="lineNumber">The 1-based line number, or <see langword="null"/> when the problem is not on one line.</param>
    /// <param name="fieldName">The field concerned, or <see langword="null"/>.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DatasetException(string sourceName, int? lineNumber, string? fieldName, string detail, Exception? innerException = null)
        : base(lineNumber is { } line ? $"{sourceName} line {line}: {detail}" : $"{sourceName}: {detail}", innerException)
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
        FieldName = fieldName;
    }

    /// <summary>Gets the file or other source of the data, when known.</summary>
    public string? SourceName { get; }

    /// <summary>Gets the 1-based line number, when the problem is on one line.</summary>
    public int? LineNumber { get; }

    /// <summary>Gets the field concerned, when there is one.</summary>
    public string? FieldName { get; }
}
