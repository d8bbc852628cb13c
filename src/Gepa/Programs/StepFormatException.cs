namespace Gepa;

/// <summary>A step's reply did not parse as its typed output. A candidate fault: the rollout is scored as a failure and
/// the raw reply and the expected schema go to the step's reflective record.</summary>
public sealed class StepFormatException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public StepFormatException()
        : base("A step's reply did not parse.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public StepFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StepFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a step's reply.</summary>
    /// <param name="step">The step whose reply did not parse.</param>
    /// <param name="rawText">The reply.</param>
    /// <param name="expectedSchema">The JSON schema the reply should have matched.</param>
    /// <param name="reason">Why it did not parse.</param>
    public StepFormatException(string step, string rawText, string expectedSchema, string reason)
        : base($"The reply of step '{step}' did not parse: {reason}")
    {
        Step = step;
        RawText = rawText;
        ExpectedSchema = expectedSchema;
        Reason = reason;
    }

    /// <summary>Gets the step whose reply did not parse.</summary>
    public string Step { get; } = string.Empty;

    /// <summary>Gets the reply.</summary>
    public string RawText { get; } = string.Empty;

    /// <summary>Gets the JSON schema the reply should have matched.</summary>
    public string ExpectedSchema { get; } = string.Empty;

    /// <summary>Gets why it did not parse.</summary>
    public string Reason { get; } = string.Empty;
}
