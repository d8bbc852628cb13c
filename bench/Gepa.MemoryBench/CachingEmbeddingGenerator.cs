using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Gepa.MemoryBench;

/// <summary>Shares one embedding generator between the benchmark's parallel jobs: each distinct text is embedded once,
/// under a lock (the benchmark embeds the same few rule texts and objectives thousands of times), and the result is the
/// same whichever job asks first.</summary>
internal sealed class CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            if (!_cache.TryGetValue(value, out var vector))
            {
                GeneratedEmbeddings<Embedding<float>> made;
                lock (_gate)
                {
                    made = inner.GenerateAsync([value], options, cancellationToken).GetAwaiter().GetResult();
                }

                vector = _cache.GetOrAdd(value, made[0].Vector.ToArray());
            }

            result.Add(new Embedding<float>(vector));
        }

        return await Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // The inner generator belongs to the caller.
    }
}
