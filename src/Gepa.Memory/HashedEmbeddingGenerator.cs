using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The built-in dependency-free embedding, version 1 (recorded in a bank as
/// <see cref="MemoryConstants.HashedEmbedderName"/>, <c>hashed</c>): a hashed bag of every word (lower-cased letters and
/// digits, with sub-linear term weights and signed feature hashing), L2-normalized. It needs no model and no key and gives
/// the same vector on every machine; it only sees shared words, not meaning, so prefer a real model when one is
/// available.</summary>
/// <remarks>Kept unchanged so that banks it filled keep retrieving as they did; new banks are better served by
/// <see cref="LexicalEmbeddingGenerator"/> (version 2), which drops stop words and folds plurals: counting every word,
/// this one finds two unrelated instructions similar through <c>the</c>, <c>in</c> and <c>a</c>.</remarks>
public sealed class HashedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _dimensions;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="dimensions">The vector length (16 to 65,536).</param>
    public HashedEmbeddingGenerator(int dimensions = MemoryConstants.HashedDimensions)
    {
        _dimensions = BuiltInEmbedder.CheckDimensions(dimensions);
    }

    /// <summary>Embeds one text synchronously.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unit vector (all zeros for a text without words).</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FeatureHasher.Embed(EnglishAnalyzer.Words(text), _dimensions);
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        BuiltInEmbedder.Generate(values, Embed, cancellationToken);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        BuiltInEmbedder.GetService(this, MemoryConstants.HashedEmbedderName, _dimensions, serviceType, serviceKey);

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
