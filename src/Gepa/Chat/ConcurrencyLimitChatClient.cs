using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A chat-client stage that lets at most a fixed number of calls run at once, waiting for a free slot otherwise.</summary>
/// <remarks>The semaphore comes from a <see cref="ConcurrencyLimiterRegistry"/> and may be shared with other pipelines
/// that call the same model. A streaming call holds its slot until the stream is finished or abandoned.</remarks>
public sealed class ConcurrencyLimitChatClient : DelegatingChatClient
{
    private readonly SemaphoreSlim _semaphore;

    /// <summary>Initializes a new concurrency-limit stage.</summary>
    /// <param name="innerClient">The client whose calls are limited.</param>
    /// <param name="semaphore">The shared semaphore; one slot per call in flight.</param>
    public ConcurrencyLimitChatClient(IChatClient innerClient, SemaphoreSlim semaphore)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(semaphore);
        _semaphore = semaphore;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _semaphore.WaitAsync(cancellationToken);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        finally
        {
            _semaphore.Release();
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _semaphore.WaitAsync(cancellationToken);
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            _semaphore.Release();
        }
    }
}
