namespace Gepa;

/// <summary>The trace the engine records for an example whose evaluation threw, when the run is set to score
/// adapter exceptions as failed examples instead of failing.</summary>
/// <param name="message">What went wrong, for the reflection model and the logs.</param>
/// <param name="exception">The exception the adapter threw.</param>
public sealed class EvaluationFailure(string message, Exception exception)
{
    /// <summary>Gets what went wrong.</summary>
    public string Message { get; } = message;

    /// <summary>Gets the exception the adapter threw.</summary>
    public Exception Exception { get; } = exception;

    /// <inheritdoc/>
    public override string ToString() => Message;
}
