namespace Gepa;

/// <summary>Evaluating one example failed (the model call threw, or the metric could not score the reply); names the example.</summary>
/// <remarks>The engine decides whether this fails the run or scores the example as a failure.</remarks>
public sealed class ExampleEvaluationException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public ExampleEvaluationException()
        : base("Evaluating an example failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public ExampleEvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ExampleEvaluationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a named example.</summary>
    /// <param name="exampleId">The id of the example that failed.</param>
    /// <param name="message">The message; it should contain the example id.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ExampleEvaluationException(string exampleId, string message, Exception? innerException)
        : base(message, innerException)
    {
        ExampleId = exampleId;
    }

    /// <summary>Gets the id of the example that failed, when known.</summary>
    public string? ExampleId { get; }
}
