namespace Gepa;

/// <summary>A model call made while evaluating a candidate failed for a reason that says nothing about the candidate: the
/// server is down or unreachable, the call timed out, the provider refused the credentials or kept answering 429 or 5xx
/// after the retries. Adapters throw it instead of scoring the example, and the engine never turns it into a score (not
/// even with <c>ScoreAdapterExceptionsAsFailures</c>): the run stops, its last checkpoint stays resumable, and resuming
/// once the model is reachable again continues it.</summary>
public sealed class ModelTransportException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public ModelTransportException()
        : base("A model call failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public ModelTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the failure of the call.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The failure of the call.</param>
    public ModelTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a model role.</summary>
    /// <param name="role">The role of the model whose call failed (task, judge).</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The failure of the call.</param>
    public ModelTransportException(string role, string message, Exception? innerException)
        : base(message, innerException)
    {
        Role = role;
    }

    /// <summary>Gets the role of the model whose call failed (task, judge), when known.</summary>
    public string? Role { get; }

    /// <summary>Returns whether <paramref name="exception"/> is, or was caused by, a <see cref="ModelTransportException"/>
    /// (looking through inner and aggregate exceptions).</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>Whether it is a transport failure.</returns>
    public static bool IsTransportFailure(Exception? exception) => Find(exception) is not null;

    /// <summary>Finds the <see cref="ModelTransportException"/> in <paramref name="exception"/>'s chain.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The transport failure, or <see langword="null"/>.</returns>
    public static ModelTransportException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ModelTransportException transport)
            {
                return transport;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
