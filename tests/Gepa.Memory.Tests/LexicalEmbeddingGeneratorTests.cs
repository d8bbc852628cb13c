namespace Gepa.Memory.Tests;

public sealed class LexicalEmbeddingGeneratorTests
{
    [Fact]
    public void Embed_PluralAndSingular_SameTerm()
    {
        var generator = new LexicalEmbeddingGenerator();

        var similarity = VectorMath.Cosine(generator.Embed("a parcel weight"), generator.Embed("Give weights in pounds and ounces."));

        // One shared term of 2 and 4: 1 / sqrt(2 * 4); version 1 shares no word here at all.
        Assert.Equal(1 / Math.Sqrt(8), similarity, 2);
        Assert.True(VectorMath.Cosine(new HashedEmbeddingGenerator().Embed("a parcel weight"), new HashedEmbeddingGenerator().Embed("Give weights in pounds and ounces.")) < 0.1);
    }

    [Fact]
    public void Embed_OnlyStopWordsShared_Unrelated()
    {
        var generator = new LexicalEmbeddingGenerator();

        var similarity = VectorMath.Cosine(generator.Embed("Report every temperature in the kelvin scale."), generator.Embed("Cite the policy section in square brackets."));
        var version1 = VectorMath.Cosine(new HashedEmbeddingGenerator().Embed("Report every temperature in the kelvin scale."), new HashedEmbeddingGenerator().Embed("Cite the policy section in square brackets."));

        Assert.True(Math.Abs(similarity) < 0.05, $"similarity {similarity}");
        Assert.True(version1 > 0.2, $"version 1 similarity {version1}");
    }

    [Fact]
    public void Embed_SameText_SameUnitVectorAndEmptyWithoutContentWords()
    {
        var generator = new LexicalEmbeddingGenerator(64);

        var a = generator.Embed("Kelvin, kelvins!");
        var b = generator.Embed("the kelvin and kelvin");

        Assert.Equal(a, b);
        Assert.Equal(1.0, Math.Sqrt(a.Sum(x => (double)x * x)), 5);
        Assert.All(generator.Embed("It is all of the above, and not this."), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void GetService_Metadata_RecordsVersion2AndLength()
    {
        using var generator = new LexicalEmbeddingGenerator(128);

        var metadata = Assert.IsType<Microsoft.Extensions.AI.EmbeddingGeneratorMetadata>(generator.GetService(typeof(Microsoft.Extensions.AI.EmbeddingGeneratorMetadata)));

        Assert.Equal(MemoryConstants.LexicalEmbedderName, metadata.ProviderName);
        Assert.Equal(128, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService(typeof(LexicalEmbeddingGenerator)));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65_537)]
    public void Constructor_DimensionsOutOfRange_ThrowsNamingThem(int dimensions)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LexicalEmbeddingGenerator(dimensions));

        Assert.Equal("dimensions", e.ParamName);
    }

    [Fact]
    public async Task GenerateAsync_SameAsEmbed()
    {
        using var generator = new LexicalEmbeddingGenerator();

        var result = await generator.GenerateAsync(["Convert distances to kilometres.", "a travel distance"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(generator.Embed("Convert distances to kilometres."), result[0].Vector.ToArray());
        Assert.True(VectorMath.Cosine(result[0].Vector.Span, result[1].Vector.Span) > 0.3);
    }
}
