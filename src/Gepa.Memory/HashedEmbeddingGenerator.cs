using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A dependency-free embedding: a hashed bag of words (lower-cased letters and digits, with sub-linear term
/// weights and signed feature hashing), L2-normalized. It needs no model and no key and gives the same vector on every
/// machine, which makes it the fallback for tests; it only sees shared words, not meaning, so prefer a real model when
/// one is available.</summary>
public sealed class HashedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _dimensions;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="dimensions">The vector length (16 to 65,536).</param>
    public HashedEmbeddingGenerator(int dimensions = MemoryConstants.HashedDimensions)
    {
        if (dimensions is < 16 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"dimensions must be 16 to 65536; it is {dimensions}.");
        }

        _dimensions = dimensions;
    }

    /// <summary>Embeds one text synchronously.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unit vector (all zeros for a text without words).</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<int, int>();
        foreach (var word in Words(text))
        {
            var h = Fnv1a(word);
            var slot = (int)(h % (uint)_dimensions);
            var sign = (h & 0x8000_0000u) == 0 ? 1 : -1;
            counts[slot * sign] = counts.GetValueOrDefault(slot * sign) + 1;
        }

        var vector = new float[_dimensions];
        foreach (var (key, count) in counts)
        {
            var weight = 1 + MathF.Log(count);
            vector[Math.Abs(key)] += key < 0 ? -weight : weight;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value)));
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null || serviceType is null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata(MemoryConstants.HashedEmbedderName, null, null, _dimensions)
        : serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static uint Fnv1a(string word)
    {
        var h = 2166136261u;
        foreach (var c in word)
        {
            h = (h ^ c) * 16777619u;
        }

        return h;
    }
}
