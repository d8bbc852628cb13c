namespace Gepa;

/// <summary>Describes a retry that <see cref="GepaRetryChatClient"/> or <see cref="GepaRetryEmbeddingGenerator"/> is about
/// to make.</summary>
public readonly struct ChatRetryArguments
{
    /// <summary>Initializes the arguments; always use this constructor.</summary>
    /// <param name="attemptNumber">The number of the attempt that failed, starting at 0.</param>
    /// <param name="delay">How long the stage waits before the next attempt.</param>
    /// <param name="exception">The transient failure.</param>
    /// <param name="statusCode">The HTTP status code, when the failure carried one.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c> hint, when it sent one.</param>
    public ChatRetryArguments(int attemptNumber, TimeSpan delay, Exception exception, int? statusCode, TimeSpan? retryAfter)
    {
        AttemptNumber = attemptNumber;
        Delay = delay;
        Exception = exception;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the number of the attempt that failed, starting at 0.</summary>
    public int AttemptNumber { get; }

    /// <summary>Gets how long the stage waits before the next attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Gets the transient failure.</summary>
    public Exception Exception { get; }

    /// <summary>Gets the HTTP status code, when the failure carried one.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the server's <c>Retry-After</c> hint, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
