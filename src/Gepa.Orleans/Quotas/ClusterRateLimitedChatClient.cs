using System.Net;
using Microsoft.Extensions.AI;

namespace Gepa.Orleans;

/// <summary>A chat client whose calls take a permit of the cluster-wide provider limit first, and which reports a 429
/// to the provider's quota grain so that every silo slows down, not just this one.</summary>
/// <param name="inner">The provider's client.</param>
/// <param name="limiter">This silo's limiter.</param>
/// <param name="provider">The provider's name in <see cref="GepaWorkerOptions.ProviderLimits"/>.</param>
public sealed class ClusterRateLimitedChatClient(IChatClient inner, ClusterRateLimiter limiter, string provider) : DelegatingChatClient(inner)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await limiter.AcquireAsync(provider, cancellationToken);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // The exception carries no headers; the grain pauses its default second unless a caller reports more.
            await limiter.ReportThrottledAsync(provider, retryAfter: null);
            throw;
        }
    }
}
