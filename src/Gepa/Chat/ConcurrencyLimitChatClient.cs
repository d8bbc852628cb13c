using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A chat-client stage that lets at most a fixed number of calls run at once, waiting in arrival order for a free
/// slot otherwise.</summary>
/// <remarks>The limiter (a <see cref="ConcurrencyLimiter"/> from System.Threading.RateLimiting) comes from a
/// <see cref="ConcurrencyLimiterRegistry"/> and may be shared with other pipelines that call the same model. A streaming
/// call holds its slot until the stream is finished or abandoned.</remarks>
public sealed class ConcurrencyLimitChatClient : DelegatingChatClient
{
    private readonly RateLimiter _limiter;

    /// <summary>Initializes a new concurrency-limit stage.</summary>
    /// <param name="innerClient">The client whose calls are limited.</param>
    /// <param name="limiter">The shared limiter; one permit per call in flight.</param>
    public ConcurrencyLimitChatClient(IChatClient innerClient, RateLimiter limiter)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _limiter = limiter;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var lease = await AcquireAsync(cancellationToken);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }

    private async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            // The registry's limiters queue without bound, so only a limiter supplied from elsewhere refuses.
            lease.Dispose();
            throw new InvalidOperationException("The concurrency limiter refused the call: its queue is full.");
        }

        return lease;
    }
}
