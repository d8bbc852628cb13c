namespace Gepa;

/// <summary>Thrown by an evaluator that knows why it failed (a crash, a timeout, unreadable output): the evaluation is
/// scored as a failure with <see cref="Info"/> as its side information instead of a stack trace, and counts toward
/// <see cref="OptimizeAnythingOptions.MaxConsecutiveEvaluatorFailures"/>.</summary>
public sealed class EvaluationFailedException : Exception
{
    /// <summary>Initializes a new instance with the default message.</summary>
    public EvaluationFailedException()
        : this("The evaluation failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The cause, shown as <see cref="SideInfoKeys.Error"/>.</param>
    public EvaluationFailedException(string message)
        : this(message, new SideInfo())
    {
    }

    /// <summary>Initializes a new instance with a message and a cause.</summary>
    /// <param name="message">The cause, shown as <see cref="SideInfoKeys.Error"/>.</param>
    /// <param name="innerException">The underlying exception.</param>
    public EvaluationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Info = new SideInfo();
    }

    /// <summary>Initializes a new instance with a message and side information.</summary>
    /// <param name="message">The cause, shown as <see cref="SideInfoKeys.Error"/>.</param>
    /// <param name="info">More side information (for example the stderr tail).</param>
    public EvaluationFailedException(string message, SideInfo info)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info = info;
    }

    /// <summary>Gets the side information of the failure.</summary>
    public SideInfo Info { get; }
}
