using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The built-in dependency-free embedding, version 2 (recorded in a bank as
/// <see cref="MemoryConstants.LexicalEmbedderName"/>, <c>hashed-2</c>): a hashed bag of the text's content words, as a
/// search engine analyzes English (<see cref="EnglishAnalyzer"/>: stop words dropped, plurals folded), with sub-linear
/// term weights and signed feature hashing into <see cref="MemoryConstants.LexicalDimensions"/> slots (4,096, against
/// version 1's 384: few enough collisions that one shared word is not drowned by chance), L2-normalized.</summary>
/// <remarks>Like <see cref="HashedEmbeddingGenerator"/> (version 1, which it replaces as the <c>gepa</c> tool's default
/// for new banks) it needs no model, key or network and gives the same vector on every machine; two texts are similar
/// when they share content words, not when they mean the same thing. Version 1 counted every word, so two unrelated
/// instructions were similar through <c>the</c>, <c>in</c>, <c>a</c>; and it told <c>weight</c> from <c>weights</c>.
/// Its vectors are not comparable with version 1's: a bank filled by one refuses the other.</remarks>
public sealed class LexicalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _dimensions;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="dimensions">The vector length (16 to 65,536).</param>
    public LexicalEmbeddingGenerator(int dimensions = MemoryConstants.LexicalDimensions)
    {
        _dimensions = BuiltInEmbedder.CheckDimensions(dimensions);
    }

    /// <summary>Embeds one text synchronously.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unit vector (all zeros for a text without content words).</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FeatureHasher.Embed(EnglishAnalyzer.Terms(text), _dimensions);
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        BuiltInEmbedder.Generate(values, Embed, cancellationToken);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        BuiltInEmbedder.GetService(this, MemoryConstants.LexicalEmbedderName, _dimensions, serviceType, serviceKey);

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
