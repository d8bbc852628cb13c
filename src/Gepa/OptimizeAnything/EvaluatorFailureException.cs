namespace Gepa;

/// <summary>Thrown when the evaluator failed too many times in a row (<see cref="OptimizeAnythingOptions.MaxConsecutiveEvaluatorFailures"/>):
/// the run stops, and <see cref="Exception.InnerException"/> is the last failure's cause.</summary>
public sealed class EvaluatorFailureException : Exception
{
    /// <summary>Initializes a new instance with the default message.</summary>
    public EvaluatorFailureException()
        : this("The evaluator failed too many times in a row.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public EvaluatorFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the last failure's cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The last failure's cause.</param>
    public EvaluatorFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets how many evaluations in a row failed.</summary>
    public int ConsecutiveFailures { get; init; }
}
