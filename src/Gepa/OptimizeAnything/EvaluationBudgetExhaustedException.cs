namespace Gepa;

/// <summary>Thrown by the <see cref="EvaluationServer"/> when the evaluation budget cannot pay for what was asked
/// (over HTTP: status 429).</summary>
public sealed class EvaluationBudgetExhaustedException : Exception
{
    /// <summary>Initializes a new instance with the default message.</summary>
    public EvaluationBudgetExhaustedException()
        : this("The evaluation budget is exhausted.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public EvaluationBudgetExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EvaluationBudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
