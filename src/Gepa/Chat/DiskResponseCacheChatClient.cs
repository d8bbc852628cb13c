using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Gepa;

/// <summary>A chat-client stage that answers an identical request (same messages, options and model) from a cache, so it
/// is never paid twice; usually backed by a <see cref="FileDistributedCache"/>.</summary>
/// <remarks>
/// <para>The key is computed by <see cref="DistributedCachingChatClient"/> from the messages and options, salted with the
/// model identity given to the constructor (the model id is often set on the client, not in the options).</para>
/// <para>Truncated replies (finish reason <see cref="ChatFinishReason.Length"/>) and empty replies are not stored: the
/// engine rejects them and asks again, and a cached copy would answer the retry with the same useless reply.</para>
/// <para>A reply that <see cref="ContainsSecret"/> says holds a secret is not stored either: secrets never reach the disk.</para>
/// <para>A cached answer is the same answer: with a temperature above 0, enabling the cache trades sampling variety for
/// cost.</para>
/// </remarks>
public sealed class DiskResponseCacheChatClient : DistributedCachingChatClient
{
    private long _hits;
    private long _misses;

    /// <summary>Initializes a new cache stage.</summary>
    /// <param name="innerClient">The client whose responses are cached.</param>
    /// <param name="storage">Where the responses are kept.</param>
    /// <param name="modelIdentity">Identifies the provider, endpoint and model; it salts every key.</param>
    public DiskResponseCacheChatClient(IChatClient innerClient, IDistributedCache storage, string modelIdentity)
        : base(innerClient, storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelIdentity);
        ModelIdentity = modelIdentity;
        CacheKeyAdditionalValues = ["gepa-response-cache-v1", modelIdentity];
    }

    /// <summary>Gets the identity of the model that salts every key.</summary>
    public string ModelIdentity { get; }

    /// <summary>Gets a test of whether a reply holds a secret (a key the provider echoed, say); such a reply is answered
    /// but never written to the disk. <see langword="null"/> stores every reply.</summary>
    public Func<string, bool>? ContainsSecret { get; init; }

    /// <summary>Gets the number of requests answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Gets the number of requests that were not in the cache.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <inheritdoc/>
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        var response = await base.ReadCacheAsync(key, cancellationToken);
        Interlocked.Increment(ref response is null ? ref _misses : ref _hits);
        return response;
    }

    /// <inheritdoc/>
    protected override Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.FinishReason == ChatFinishReason.Length || string.IsNullOrWhiteSpace(value.Text) || ContainsSecret?.Invoke(value.Text) == true
            ? Task.CompletedTask
            : base.WriteCacheAsync(key, value, cancellationToken);
    }
}
