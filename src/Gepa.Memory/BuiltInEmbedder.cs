using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>The <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> plumbing both built-in embedders share (the
/// dimensions check, batch generation, metadata). A static helper rather than a base class because the two embedders
/// are public sealed types, and a public type cannot derive from an internal one.</summary>
internal static class BuiltInEmbedder
{
    /// <summary>Checks a constructor's vector length.</summary>
    /// <param name="dimensions">The vector length (16 to 65,536).</param>
    /// <returns><paramref name="dimensions"/>.</returns>
    public static int CheckDimensions(int dimensions)
    {
        if (dimensions is < 16 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"dimensions must be 16 to 65536; it is {dimensions}.");
        }

        return dimensions;
    }

    /// <summary>Embeds each value in turn, synchronously.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="embed">The embedder's one-text function.</param>
    /// <param name="cancellationToken">Checked before each text.</param>
    /// <returns>The embeddings, in the order of <paramref name="values"/>.</returns>
    public static Task<GeneratedEmbeddings<Embedding<float>>> Generate(IEnumerable<string> values, Func<string, float[]> embed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(embed(value)));
        }

        return Task.FromResult(result);
    }

    /// <summary>Answers <see cref="IEmbeddingGenerator.GetService"/> for a built-in embedder: its metadata (the name a bank
    /// records and the vector length) or the embedder itself.</summary>
    /// <param name="generator">The embedder.</param>
    /// <param name="name">The provider name a bank records for it.</param>
    /// <param name="dimensions">Its vector length.</param>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">The key asked for (the built-in embedders serve none).</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    public static object? GetService(IEmbeddingGenerator generator, string name, int dimensions, Type serviceType, object? serviceKey) =>
        serviceKey is not null || serviceType is null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata(name, null, null, dimensions)
        : serviceType.IsInstanceOfType(generator) ? generator : null;
}
