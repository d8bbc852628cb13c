using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Providers;

/// <summary>A provider's embedding generator made safe to score with: each attempt is timed out
/// (<see cref="EmbeddingTimeoutGenerator"/>) and transient failures are retried by the library's
/// <see cref="GepaRetryEmbeddingGenerator"/>, the policy of the chat models (backoff with jitter, the server's
/// <c>Retry-After</c>); a call that still fails, or a reply that is not one finite vector per text, throws a
/// <see cref="ModelTransportException"/> whose one line names the provider, model and endpoint, with the key masked.
/// Nothing is ever turned into an empty vector or a similarity of 0.</summary>
/// <remarks>Stages, outside in: these checks, retry, timeout, provider.</remarks>
internal sealed class CheckedEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ModelConfig _model;
    private readonly SecretRedactor _redactor = new();
    private readonly HttpClient _http;

    /// <summary>Initializes the generator.</summary>
    /// <param name="inner">The provider's generator.</param>
    /// <param name="model">The embedding model's settings (timeout, retries, names for messages).</param>
    /// <param name="key">The API key, masked in every message, or <see langword="null"/>.</param>
    /// <param name="http">The HTTP client the provider uses, with a <see cref="RetryAfterCapturingHandler"/> so that the
    /// server's <c>Retry-After</c> is honoured; disposed with this generator.</param>
    /// <param name="retryBaseDelay">The first retry's delay (doubling after each, with jitter, at most 30 times it).</param>
    public CheckedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelConfig model, string? key, HttpClient http, TimeSpan retryBaseDelay)
        : base(new GepaRetryEmbeddingGenerator(
            new EmbeddingTimeoutGenerator(inner, model.Timeout),
            new GepaRetryOptions { MaxRetries = model.Retries, BaseDelay = retryBaseDelay, MaxDelay = retryBaseDelay * ChatRuntime.RetryDelayCapFactor }))
    {
        _model = model;
        _redactor.Add(key);
        _http = http;
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyCollection<string> ?? [.. values];
        GeneratedEmbeddings<Embedding<float>> result;
        try
        {
            result = await base.GenerateAsync(texts, options, cancellationToken);
        }
        catch (Exception e) when (e is not ModelTransportException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Fail(e);
        }

        return Checked(result, texts.Count);
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        // The name a memory bank records (provider and model, never the address or key).
        serviceType == typeof(EmbeddingGeneratorMetadata) && serviceKey is null
            ? new EmbeddingGeneratorMetadata(_model.Provider, null, _model.Deployment ?? _model.Model)
            : base.GetService(serviceType, serviceKey);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _http.Dispose();
        }
    }

    private GeneratedEmbeddings<Embedding<float>> Checked(GeneratedEmbeddings<Embedding<float>> result, int expected)
    {
        string? wrong = null;
        if (result.Count != expected)
        {
            wrong = $"the server's reply held {result.Count} vector(s) for {expected} text(s)";
        }
        else if (result.Any(e => e.Vector.Length == 0))
        {
            wrong = "the server's reply held an empty vector";
        }
        else if (result.Select(e => e.Vector.Length).Distinct().Count() > 1)
        {
            wrong = "the server's reply held vectors of different lengths";
        }
        else if (result.Any(e => !AllFinite(e.Vector.Span)))
        {
            wrong = "the server's reply held a vector with a value that is not a finite number";
        }

        return wrong is null ? result : throw new ModelTransportException(ConfigSchema.EmbeddingRole, _redactor.Redact($"{Who()}: {wrong}."), null);
    }

    private static bool AllFinite(ReadOnlySpan<float> vector)
    {
        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }

    private string Who() => $"embedding model ({_model.Provider} '{_model.Deployment ?? _model.Model}'{(_model.BaseUrl is null ? "" : " at " + _model.BaseUrl)})";

    private ModelTransportException Fail(Exception failure) =>
        new(ConfigSchema.EmbeddingRole, _redactor.Redact(ProviderErrors.Describe(failure, _model)), failure);
}
