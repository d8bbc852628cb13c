namespace Gepa;

/// <summary>Settings of <see cref="GepaRetryChatClient"/> and <see cref="GepaRetryEmbeddingGenerator"/>.</summary>
public sealed class GepaRetryOptions
{
    /// <summary>The default number of retries after the first attempt.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Gets or sets how many times a transient failure is retried after the first attempt.</summary>
    /// <value>The default is 3; 0 disables retries.</value>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it, with jitter.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest computed backoff delay.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest wait a server's <c>Retry-After</c> can impose; longer hints are clamped to it.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the time source used for delays and for <c>Retry-After</c> dates; tests inject a fake.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets an extra way to read a server's retry hint from a provider exception, tried before the
    /// hint captured by <see cref="RetryAfterCapturingHandler"/>.</summary>
    public Func<Exception, TimeSpan?>? RetryAfterSelector { get; set; }

    /// <summary>Gets or sets an override of which exceptions are transient; <see langword="null"/> uses
    /// <see cref="TransientFailure.IsTransient"/>.</summary>
    public Func<Exception, bool>? ShouldRetry { get; set; }

    /// <summary>Gets or sets a callback invoked before each retry, for logging and counting.</summary>
    public Func<ChatRetryArguments, ValueTask>? OnRetry { get; set; }

    /// <summary>Checks that every setting is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryAfter, TimeSpan.Zero, nameof(MaxRetryAfter));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
