using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Providers;

/// <summary>A provider's embedding generator made safe to score with: each call is timed out and its transient failures
/// retried; a call that still fails, or a reply that is not one finite vector per text, throws a
/// <see cref="ModelTransportException"/> whose one line names the provider, model and endpoint, with the key masked.
/// Nothing is ever turned into an empty vector or a similarity of 0.</summary>
internal sealed class CheckedEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ModelConfig _model;
    private readonly SecretRedactor _redactor = new();
    private readonly HttpClient _http;
    private readonly TimeSpan _retryBaseDelay;

    /// <summary>Initializes the generator.</summary>
    /// <param name="inner">The provider's generator.</param>
    /// <param name="model">The embedding model's settings (timeout, retries, names for messages).</param>
    /// <param name="key">The API key, masked in every message, or <see langword="null"/>.</param>
    /// <param name="http">The HTTP client the provider uses; disposed with this generator.</param>
    /// <param name="retryBaseDelay">The first retry's delay (doubling after each).</param>
    public CheckedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelConfig model, string? key, HttpClient http, TimeSpan retryBaseDelay)
        : base(inner)
    {
        _model = model;
        _redactor.Add(key);
        _http = http;
        _retryBaseDelay = retryBaseDelay;
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyCollection<string> ?? [.. values];
        for (var attempt = 0; ; attempt++)
        {
            Exception failure;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_model.Timeout);
                try
                {
                    var result = await base.GenerateAsync(texts, options, timeout.Token);
                    return Checked(result, texts.Count);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"no reply within {_model.Timeout.TotalSeconds:0.###}s");
                }
                catch (ModelTransportException)
                {
                    throw;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failure = e;
                }
            }

            if (attempt >= _model.Retries || !TransientFailure.IsTransient(failure))
            {
                throw Fail(failure);
            }

            await Task.Delay(_retryBaseDelay * Math.Pow(2, Math.Min(attempt, 5)), cancellationToken);
        }
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
