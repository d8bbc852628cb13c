using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;

namespace Gepa;

/// <summary>A chat-client stage that retries transient failures (429, 5xx, timeouts, transport errors, malformed replies)
/// with exponential backoff and jitter, waiting as long as the server's <c>Retry-After</c> asks when it sends one.</summary>
/// <remarks>
/// <para>Built on a Polly <see cref="ResiliencePipeline{T}"/>. Disable the provider SDK's own retries (the OpenAI SDK
/// retries by default), or every retry is made, and paid, twice.</para>
/// <para>Streaming responses are passed through without retry: part of the reply may already have been handed to the
/// caller, and it cannot be taken back.</para>
/// <para>Thread-safe; <see cref="RetryCount"/> counts every retry made through this stage.</para>
/// </remarks>
public sealed class GepaRetryChatClient : DelegatingChatClient
{
    private readonly GepaRetryOptions _options;
    private readonly ResiliencePipeline<ChatResponse> _pipeline;
    private long _retryCount;

    /// <summary>Initializes a new retry stage.</summary>
    /// <param name="innerClient">The client whose calls are retried.</param>
    /// <param name="options">The retry settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public GepaRetryChatClient(IChatClient innerClient, GepaRetryOptions? options = null)
        : base(innerClient)
    {
        _options = options ?? new GepaRetryOptions();
        _options.Validate();
        var shouldRetry = _options.ShouldRetry ?? TransientFailure.IsTransient;
        var builder = new ResiliencePipelineBuilder<ChatResponse> { TimeProvider = _options.TimeProvider };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ChatResponse>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && shouldRetry(e)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? RetryAfterOf(e) : null),
                OnRetry = OnRetryAsync,
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>Gets the number of retries made so far through this stage.</summary>
    public long RetryCount => Interlocked.Read(ref _retryCount);

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Materialized once so that every attempt sends the same messages even if the caller passed a lazy sequence.
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var hint = RetryHint.Begin();
                    try
                    {
                        // Providers may mutate the options they are given; each attempt gets its own copy.
                        return await state.Inner.GetResponseAsync(state.Messages, state.Options?.Clone(), ctx.CancellationToken);
                    }
                    catch (Exception e) when (hint.RetryAfter is not null || hint.RetryAfterMs is not null)
                    {
                        e.Data[TransientFailure.RetryAfterDataKey] = hint.RetryAfter;
                        e.Data[TransientFailure.RetryAfterMsDataKey] = hint.RetryAfterMs;
                        throw;
                    }
                },
                context,
                (Inner: InnerClient, Messages: list, Options: options));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private TimeSpan? RetryAfterOf(Exception exception)
    {
        var hint = _options.RetryAfterSelector?.Invoke(exception)
            ?? TransientFailure.GetRetryAfter(exception, _options.TimeProvider.GetUtcNow());
        return hint is { } h ? (h > _options.MaxRetryAfter ? _options.MaxRetryAfter : h) : null;
    }

    private async ValueTask OnRetryAsync(OnRetryArguments<ChatResponse> args)
    {
        Interlocked.Increment(ref _retryCount);
        if (_options.OnRetry is { } onRetry && args.Outcome.Exception is { } e)
        {
            var retryAfter = _options.RetryAfterSelector?.Invoke(e) ?? TransientFailure.GetRetryAfter(e, _options.TimeProvider.GetUtcNow());
            await onRetry(new ChatRetryArguments(args.AttemptNumber, args.RetryDelay, e, TransientFailure.TryGetStatusCode(e), retryAfter));
        }
    }
}
