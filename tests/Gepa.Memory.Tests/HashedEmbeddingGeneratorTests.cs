namespace Gepa.Memory.Tests;

public sealed class HashedEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_SharedWords_MoreSimilarThanUnrelated()
    {
        using var generator = new HashedEmbeddingGenerator();

        var v = await generator.GenerateAsync(["Report every temperature in kelvin.", "a temperature in kelvin", "Write dates as ISO 8601"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(VectorMath.Cosine(v[0].Vector.Span, v[1].Vector.Span) > 0.5);
        Assert.True(VectorMath.Cosine(v[0].Vector.Span, v[2].Vector.Span) < 0.2);
    }

    [Fact]
    public void Embed_SameText_SameUnitVector()
    {
        var generator = new HashedEmbeddingGenerator(64);

        var a = generator.Embed("Kelvin, kelvin!");
        var b = generator.Embed("kelvin kelvin");

        Assert.Equal(a, b);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => (double)x * x)), 5);
        Assert.All(generator.Embed("  ... "), x => Assert.Equal(0f, x));
    }
}
