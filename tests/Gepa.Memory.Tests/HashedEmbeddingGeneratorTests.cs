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

    [Fact]
    public void Embed_Version1Vector_UnchangedSoOldBanksRetrieveAsBefore()
    {
        var generator = new HashedEmbeddingGenerator();

        var vector = generator.Embed("Give weights in pounds and ounces. The customer's order number, verbatim!");

        // Pinned from the build before version 2 existed: twelve words, each in its own slot with weight 1 / sqrt(12).
        int[] slots = [23, 28, 38, 42, 43, 126, 130, 146, 158, 281, 284, 288];
        int[] signs = [1, -1, 1, -1, 1, -1, -1, 1, 1, -1, -1, 1];
        Assert.Equal(slots, vector.Select((v, i) => (v, i)).Where(p => p.v != 0).Select(p => p.i));
        Assert.All(slots.Zip(signs), p => Assert.Equal(p.Second / MathF.Sqrt(12), vector[p.First], 6));
    }

    [Fact]
    public void GetService_Metadata_RecordsVersion1NameAndLength()
    {
        using var generator = new HashedEmbeddingGenerator(128);

        var metadata = Assert.IsType<Microsoft.Extensions.AI.EmbeddingGeneratorMetadata>(generator.GetService(typeof(Microsoft.Extensions.AI.EmbeddingGeneratorMetadata)));

        // Banks filled before version 2 record the name "hashed": it must not become "hashed-1".
        Assert.Equal("hashed", metadata.ProviderName);
        Assert.Equal(128, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService(typeof(HashedEmbeddingGenerator)));
        Assert.Null(generator.GetService(typeof(HashedEmbeddingGenerator), "key"));
        Assert.Null(generator.GetService(typeof(string)));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65_537)]
    public void Constructor_DimensionsOutOfRange_ThrowsNamingThem(int dimensions)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HashedEmbeddingGenerator(dimensions));

        Assert.Equal("dimensions", e.ParamName);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_Throws()
    {
        using var generator = new HashedEmbeddingGenerator();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["kelvin"], cancellationToken: cancelled.Token));
    }
}
