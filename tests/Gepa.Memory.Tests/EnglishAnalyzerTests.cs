namespace Gepa.Memory.Tests;

public sealed class EnglishAnalyzerTests
{
    [Theory]
    [InlineData("weights", "weight")]
    [InlineData("policies", "policy")]
    [InlineData("distances", "distance")]
    [InlineData("complaints", "complaint")]
    [InlineData("codes", "code")]
    [InlineData("shoes", "shoes")]
    [InlineData("toes", "toes")]
    [InlineData("keys", "key")]
    [InlineData("class", "class")]
    [InlineData("status", "status")]
    [InlineData("is", "is")]
    [InlineData("kelvin", "kelvin")]
    public void Stem_Plural_FoldedAsTheSStemmer(string word, string stem) =>
        Assert.Equal(stem, EnglishAnalyzer.Stem(word));

    [Fact]
    public void Words_Sentence_RunsOfLettersAndDigitsLowerCasedStopWordsKept() =>
        Assert.Equal(["quote", "the", "customer", "s", "orders", "in", "24", "hour", "times"], EnglishAnalyzer.Words("Quote the customer's Orders, in 24-hour times."));

    [Fact]
    public void Terms_Sentence_LowerCasedWithoutStopWordsStemmed()
    {
        var terms = EnglishAnalyzer.Terms("Quote the customer's order numbers verbatim, in 24-hour times.").ToList();

        Assert.Equal(["quote", "customer", "order", "number", "verbatim", "24", "hour", "time"], terms);
    }

    [Fact]
    public void StopWords_NltkEnglishListWithoutContractions()
    {
        Assert.True(EnglishAnalyzer.IsStopWord("the"));
        Assert.True(EnglishAnalyzer.IsStopWord("mightn"));
        Assert.False(EnglishAnalyzer.IsStopWord("every"));
        Assert.False(EnglishAnalyzer.IsStopWord("kelvin"));
        // NLTK's list has 179 entries; the 26 with an apostrophe are left out (their fragments are in the list).
        Assert.Equal(179 - 26, EnglishAnalyzer.StopWordCount);
    }
}
