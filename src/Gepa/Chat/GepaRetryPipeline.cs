using Polly;
using Polly.Retry;

namespace Gepa;

/// <summary>The retry policy shared by <see cref="GepaRetryChatClient"/> and <see cref="GepaRetryEmbeddingGenerator"/>:
/// which failures are retried, the backoff with jitter and its cap, the server's <c>Retry-After</c>, and the count of
/// retries made. Each stage only says how one attempt is made.</summary>
/// <typeparam name="TResult">What one attempt returns.</typeparam>
internal sealed class GepaRetryPipeline<TResult>
{
    private readonly GepaRetryOptions _options;
    private readonly ResiliencePipeline<TResult> _pipeline;
    private long _retryCount;

    /// <summary>Builds the pipeline.</summary>
    /// <param name="options">The retry settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public GepaRetryPipeline(GepaRetryOptions? options)
    {
        _options = options ?? new GepaRetryOptions();
        _options.Validate();
        var shouldRetry = _options.ShouldRetry ?? TransientFailure.IsTransient;
        var builder = new ResiliencePipelineBuilder<TResult> { TimeProvider = _options.TimeProvider };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<TResult>
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

    /// <summary>Gets the number of retries made so far.</summary>
    public long RetryCount => Interlocked.Read(ref _retryCount);

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or the retries are spent.</summary>
    /// <typeparam name="TState">What the attempt needs, passed without a closure.</typeparam>
    /// <param name="attempt">Makes one attempt.</param>
    /// <param name="state">The attempt's state.</param>
    /// <param name="cancellationToken">Cancels the attempts and the waits between them.</param>
    /// <returns>The first successful attempt's result.</returns>
    public async Task<TResult> ExecuteAsync<TState>(Func<TState, CancellationToken, Task<TResult>> attempt, TState state, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, s) =>
                {
                    // A scope per attempt: RetryAfterCapturingHandler, deep in the provider SDK, fills it in.
                    var hint = RetryHint.Begin();
                    try
                    {
                        return await s.Attempt(s.State, ctx.CancellationToken);
                    }
                    catch (Exception e) when (hint.RetryAfter is not null || hint.RetryAfterMs is not null)
                    {
                        e.Data[TransientFailure.RetryAfterDataKey] = hint.RetryAfter;
                        e.Data[TransientFailure.RetryAfterMsDataKey] = hint.RetryAfterMs;
                        throw;
                    }
                },
                context,
                (Attempt: attempt, State: state));
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

    private async ValueTask OnRetryAsync(OnRetryArguments<TResult> args)
    {
        Interlocked.Increment(ref _retryCount);
        if (_options.OnRetry is { } onRetry && args.Outcome.Exception is { } e)
        {
            var retryAfter = _options.RetryAfterSelector?.Invoke(e) ?? TransientFailure.GetRetryAfter(e, _options.TimeProvider.GetUtcNow());
            await onRetry(new ChatRetryArguments(args.AttemptNumber, args.RetryDelay, e, TransientFailure.TryGetStatusCode(e), retryAfter));
        }
    }
}
