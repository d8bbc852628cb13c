using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>An embedding-generator stage that retries transient failures (429, 5xx, timeouts, transport errors, malformed
/// replies) with exponential backoff and jitter, waiting as long as the server's <c>Retry-After</c> asks when it sends
/// one: the policy of <see cref="GepaRetryChatClient"/>, for <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
/// <remarks>
/// <para>Configured by the same <see cref="GepaRetryOptions"/>; <see cref="GepaRetryOptions.OnRetry"/> receives the same
/// <see cref="ChatRetryArguments"/>. To honour a <c>Retry-After</c> header that the provider SDK's exception does not
/// expose, put a <see cref="RetryAfterCapturingHandler"/> in the <see cref="HttpClient"/> the SDK uses. Disable the
/// SDK's own retries, or every retry is made, and paid, twice. Put a per-attempt timeout inside this stage, so that a
/// timed-out attempt is retried with the full time.</para>
/// <para>A failure that is not transient (a 400, a refused key) is thrown at once; one that still fails after the last
/// retry is thrown as it was. Nothing is ever turned into an empty vector.</para>
/// <para>Thread-safe; <see cref="RetryCount"/> counts every retry made through this stage.</para>
/// </remarks>
public sealed class GepaRetryEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly GepaRetryPipeline<GeneratedEmbeddings<Embedding<float>>> _pipeline;

    /// <summary>Initializes a new retry stage.</summary>
    /// <param name="innerGenerator">The generator whose calls are retried.</param>
    /// <param name="options">The retry settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerGenerator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range.</exception>
    public GepaRetryEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, GepaRetryOptions? options = null)
        : base(innerGenerator)
    {
        _pipeline = new GepaRetryPipeline<GeneratedEmbeddings<Embedding<float>>>(options);
    }

    /// <summary>Gets the number of retries made so far through this stage.</summary>
    public long RetryCount => _pipeline.RetryCount;

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);

        // Materialized once so that every attempt embeds the same texts even if the caller passed a lazy sequence.
        var texts = values as IReadOnlyList<string> ?? [.. values];
        return await _pipeline.ExecuteAsync(
            // Providers may mutate the options they are given; each attempt gets its own copy.
            static (state, ct) => state.Inner.GenerateAsync(state.Texts, state.Options?.Clone(), ct),
            (Inner: InnerGenerator, Texts: texts, Options: options),
            cancellationToken);
    }
}
