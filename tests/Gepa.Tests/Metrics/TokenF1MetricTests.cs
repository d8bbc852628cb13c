using Xunit;

namespace Gepa.Tests.Metrics;

public sealed class TokenF1MetricTests
{
    private static ValueTask<MetricResult> Score(string answer, string response) =>
        new TokenF1Metric().ScoreAsync(new ChatExample("1", "q", answer), response, TestContext.Current.CancellationToken);

    [Fact]
    public void Tokenize_FollowsSquadNormalisation_PunctuationIsDeletedNotSpaced() =>
        Assert.Equal(["eiffeltower", "dont", "us"], TokenF1Metric.Tokenize("The Eiffel-Tower!  An don't  a U.S."));

    [Fact]
    public void Tokenize_KeepsArticlesInsideWords() =>
        Assert.Equal(["another", "theme", "anthem"], TokenF1Metric.Tokenize("another theme the anthem"));

    [Fact]
    public async Task ScoreAsync_PartialOverlap_IsSquadF1()
    {
        // gold [barack, obama], prediction [president, barack, obama, 44th]: P = 2/4, R = 2/2, F1 = 2/3.
        var result = await Score("Barack Obama", "President Barack Obama, the 44th.");

        Assert.Equal(2.0 / 3, result.Score, 12);
        Assert.Equal("Token F1 is 0.667 against the expected answer 'Barack Obama'. Extra words: president, 44th.", result.Feedback);
    }

    [Fact]
    public async Task ScoreAsync_RepeatedTokens_CountAsAMultiset()
    {
        // gold [a1, a1, b], prediction [a1, b, b]: common = 1 a1 + 1 b = 2; P = R = 2/3.
        var result = await Score("a1 a1 b", "a1 b b");

        Assert.Equal(2.0 / 3, result.Score, 12);
        Assert.Contains("Missing words: a1.", result.Feedback, StringComparison.Ordinal);
        Assert.Contains("Extra words: b.", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_SameWordsAfterNormalising_ScoresOne()
    {
        var result = await Score("The Beatles", "beatles!");

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task ScoreAsync_NoOverlap_ScoresZeroAndNamesTheAnswer()
    {
        var result = await Score("Paris", "London");

        Assert.Equal(0, result.Score);
        Assert.Contains("'Paris'", result.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void F1_EmptySides_FollowSquad2()
    {
        Assert.Equal(1, TokenF1Metric.F1([], []));
        Assert.Equal(0, TokenF1Metric.F1(["x"], []));
        Assert.Equal(0, TokenF1Metric.F1([], ["x"]));
    }

    [Fact]
    public async Task ScoreAsync_ResponseOnlyArticles_ScoresZero()
    {
        var result = await Score("Paris", "the");

        Assert.Equal(0, result.Score);
    }
}
