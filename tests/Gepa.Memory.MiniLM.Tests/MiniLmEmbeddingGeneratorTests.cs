using Microsoft.Extensions.AI;

namespace Gepa.Memory.MiniLM.Tests;

public sealed class MiniLmEmbeddingGeneratorTests
{
    private static double Cosine(Embedding<float> a, Embedding<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        var x = a.Vector.Span;
        var y = b.Vector.Span;
        for (var i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            na += x[i] * x[i];
            nb += y[i] * y[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    [Fact]
    public async Task GenerateAsync_RelatedMeaningWithoutSharedWords_MoreSimilarThanUnrelated()
    {
        using var generator = new MiniLmEmbeddingGenerator();

        var v = await generator.GenerateAsync(["a temperature reading", "Report every temperature in kelvin.", "Spell currency codes in upper case."], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(384, v[0].Vector.Length);
        Assert.True(Cosine(v[0], v[1]) > Cosine(v[0], v[2]) + 0.2, $"related {Cosine(v[0], v[1]):F3}, unrelated {Cosine(v[0], v[2]):F3}");
    }

    [Fact]
    public async Task GenerateAsync_NoValues_NoEmbeddingsAndNoModelLoad()
    {
        using var generator = new MiniLmEmbeddingGenerator();

        var v = await generator.GenerateAsync([], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(v);
    }

    [Fact]
    public void GetService_Metadata_NamesTheModel()
    {
        using var generator = new MiniLmEmbeddingGenerator();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal("all-MiniLM-L6-v2", metadata!.DefaultModelId);
    }
}
