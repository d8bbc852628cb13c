using Microsoft.Extensions.AI;

namespace Gepa.Cli.Providers;

/// <summary>Fails one embedding call with <see cref="TimeoutException"/> when it takes longer than the model's timeout.
/// It sits inside <see cref="GepaRetryEmbeddingGenerator"/>, so each attempt gets the full time and a timed-out attempt
/// is retried; the caller's own cancellation passes through as cancellation.</summary>
internal sealed class EmbeddingTimeoutGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly TimeSpan _timeout;

    /// <summary>Initializes the stage.</summary>
    /// <param name="inner">The provider's generator.</param>
    /// <param name="timeout">The longest one call may take.</param>
    public EmbeddingTimeoutGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, TimeSpan timeout)
        : base(inner)
    {
        _timeout = timeout;
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await base.GenerateAsync(values, options, timeout.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && e is OperationCanceledException or IOException or HttpRequestException or TimeoutException)
        {
            // A transport torn down by the expiring token is the timeout too.
            throw new TimeoutException($"no reply within {_timeout.TotalSeconds:0.###}s", e);
        }
    }
}
