using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A chat-client stage that retries transient failures (429, 5xx, timeouts, transport errors, malformed replies)
/// with exponential backoff and jitter, waiting as long as the server's <c>Retry-After</c> asks when it sends one.</summary>
/// <remarks>
/// <para>Built on a Polly <see cref="Polly.ResiliencePipeline{T}"/>, with the same policy as <see cref="GepaRetryEmbeddingGenerator"/>. Disable the provider SDK's own retries (the OpenAI SDK
/// retries by default), or every retry is made, and paid, twice.</para>
/// <para>Streaming responses are passed through without retry: part of the reply may already have been handed to the
/// caller, and it cannot be taken back.</para>
/// <para>Thread-safe; <see cref="RetryCount"/> counts every retry made through this stage.</para>
/// </remarks>
public sealed class GepaRetryChatClient : DelegatingChatClient
{
    private readonly GepaRetryPipeline<ChatResponse> _pipeline;

    /// <summary>Initializes a new retry stage.</summary>
    /// <param name="innerClient">The client whose calls are retried.</param>
    /// <param name="options">The retry settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public GepaRetryChatClient(IChatClient innerClient, GepaRetryOptions? options = null)
        : base(innerClient)
    {
        _pipeline = new GepaRetryPipeline<ChatResponse>(options);
    }

    /// <summary>Gets the number of retries made so far through this stage.</summary>
    public long RetryCount => _pipeline.RetryCount;

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Materialized once so that every attempt sends the same messages even if the caller passed a lazy sequence.
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return await _pipeline.ExecuteAsync(
            // Providers may mutate the options they are given; each attempt gets its own copy.
            static (state, ct) => state.Inner.GetResponseAsync(state.Messages, state.Options?.Clone(), ct),
            (Inner: InnerClient, Messages: list, Options: options),
            cancellationToken);
    }
}
