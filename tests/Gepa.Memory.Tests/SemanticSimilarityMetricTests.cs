namespace Gepa.Memory.Tests;

public sealed class SemanticSimilarityMetricTests
{
    private static readonly ChatExample Example = new("e1", "What is the capital of France?", "Paris is the capital of France.");

    [Fact]
    public async Task ScoreAsync_SameMeaning_ScoresOneAndSaysSo()
    {
        var metric = new SemanticSimilarityMetric(new FakeEmbeddingGenerator());

        var result = await metric.ScoreAsync(Example, "The capital of France is Paris.", TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Score, 6);
        Assert.StartsWith("Semantic similarity to the reference answer is 1.", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_Drifting_ScoresCosineAndQuotesTheDriftingSentences()
    {
        var metric = new SemanticSimilarityMetric(new FakeEmbeddingGenerator());

        var result = await metric.ScoreAsync(Example, "Rome is in Italy. The weather is nice.", TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Score, 6);
        Assert.Contains("does not convey: \"Paris is the capital of France.\"", result.Feedback, StringComparison.Ordinal);
        Assert.Contains("says what the reference does not: \"Rome is in Italy.\"; \"The weather is nice.\"", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_PartlyRight_ScoreBetweenZeroAndOneQuotingOnlyTheExtra()
    {
        var metric = new SemanticSimilarityMetric(new FakeEmbeddingGenerator());

        var result = await metric.ScoreAsync(Example, "Paris is the capital of France. The weather is nice.", TestContext.Current.CancellationToken);

        Assert.InRange(result.Score, 0.5, 0.99);
        Assert.DoesNotContain("does not convey", result.Feedback, StringComparison.Ordinal);
        Assert.Contains("\"The weather is nice.\"", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_EmptyResponse_ZeroWithTheReference()
    {
        var result = await new SemanticSimilarityMetric(new FakeEmbeddingGenerator()).ScoreAsync(Example, "  ", TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Score);
        Assert.Contains("Paris is the capital of France.", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_NoReference_Throws()
    {
        var metric = new SemanticSimilarityMetric(new FakeEmbeddingGenerator());

        await Assert.ThrowsAsync<ArgumentException>(async () => await metric.ScoreAsync(new ChatExample("e2", "q"), "a", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ScoreAsync_SameReferenceTwice_EmbeddedOnce()
    {
        var embedder = new FakeEmbeddingGenerator();
        var metric = new SemanticSimilarityMetric(embedder);

        await metric.ScoreAsync(Example, "Paris.", TestContext.Current.CancellationToken);
        var first = embedder.Calls;
        await metric.ScoreAsync(Example, "Paris.", TestContext.Current.CancellationToken);

        Assert.Equal(first, embedder.Calls);
    }

    [Fact]
    public void Constructor_ThresholdOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SemanticSimilarityMetric(new FakeEmbeddingGenerator(), 1.5));
    }
}
