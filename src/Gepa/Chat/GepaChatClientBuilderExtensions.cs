using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Adds the Gepa chat-client stages to a <see cref="ChatClientBuilder"/>.</summary>
/// <remarks>The first stage added is the outermost. The order the <c>gepa</c> tool uses, outside in, is: response cache,
/// usage accounting, retry, concurrency limit, timeout, provider. Cached answers then cost nothing and are not counted;
/// usage counts one call per logical request; a retry waits for its backoff without holding a concurrency slot; and
/// each attempt gets the full timeout.</remarks>
public static class GepaChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="GepaRetryChatClient"/> stage.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The retry settings, or <see langword="null"/> for the defaults.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseGepaRetry(this ChatClientBuilder builder, GepaRetryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new GepaRetryChatClient(inner, options));
    }

    /// <summary>Adds a <see cref="GepaTimeoutChatClient"/> stage.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="timeout">The longest a call may take.</param>
    /// <param name="timeProvider">The time source, or <see langword="null"/> for the system clock.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseGepaTimeout(this ChatClientBuilder builder, TimeSpan timeout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return builder.Use(inner => new GepaTimeoutChatClient(inner, timeout, timeProvider));
    }

    /// <summary>Adds a <see cref="ConcurrencyLimitChatClient"/> stage whose limit is shared, through
    /// <paramref name="registry"/>, by every pipeline with the same <paramref name="modelKey"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="registry">The registry of per-model limiters.</param>
    /// <param name="modelKey">Identifies the model.</param>
    /// <param name="maxConcurrency">The number of calls allowed in flight, when the key is new.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseConcurrencyLimit(this ChatClientBuilder builder, ConcurrencyLimiterRegistry registry, string modelKey, int maxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registry);
        var limiter = registry.GetOrCreate(modelKey, maxConcurrency);
        return builder.Use(inner => new ConcurrencyLimitChatClient(inner, limiter));
    }

    /// <summary>Adds a <see cref="UsageAccountingChatClient"/> stage.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="tracker">Where the counts go.</param>
    /// <param name="role">The role the calls are counted under, for example <see cref="ChatRoles.Task"/>.</param>
    /// <param name="price">The model's price per million tokens, or <see langword="null"/> when unknown.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseUsageAccounting(this ChatClientBuilder builder, ChatUsageTracker tracker, string role, ModelPrice? price = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentException.ThrowIfNullOrEmpty(role);
        return builder.Use(inner => new UsageAccountingChatClient(inner, tracker, role, price));
    }

    /// <summary>Adds a <see cref="DiskResponseCacheChatClient"/> stage that keeps responses in <paramref name="directory"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The cache directory; created on the first write.</param>
    /// <param name="modelIdentity">Identifies the provider, endpoint and model; it salts every key.</param>
    /// <param name="containsSecret">Tells whether a reply holds a secret; such a reply is never written to the cache.
    /// <see langword="null"/> to store every reply.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseDiskResponseCache(this ChatClientBuilder builder, string directory, string modelIdentity, Func<string, bool>? containsSecret = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(modelIdentity);
        var storage = new FileDistributedCache(directory);
        return builder.Use(inner => new DiskResponseCacheChatClient(inner, storage, modelIdentity) { ContainsSecret = containsSecret });
    }
}
