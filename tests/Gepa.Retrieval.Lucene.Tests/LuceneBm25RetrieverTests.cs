using Gepa.Programs;

namespace Gepa.Retrieval.Lucene.Tests;

public sealed class LuceneBm25RetrieverTests
{
    private static readonly Passage[] s_corpus =
    [
        new("Scott Derrickson", "Scott Derrickson is an American director, screenwriter and producer."),
        new("Ed Wood", "Edward Davis Wood Jr. was an American filmmaker, actor and author."),
        new("Doctor Strange", "Doctor Strange is a 2016 film directed by Scott Derrickson."),
        new("Ilsa Varn", "Ilsa Varn was born in Corvel."),
        new("Ilsa Vorn", "Ilsa Vorn was born in Dunmere."),
    ];

    [Fact]
    public void Search_NamedEntity_RanksItsOwnParagraphFirst()
    {
        using var retriever = new LuceneBm25Retriever(s_corpus);

        var hits = retriever.Search("Were Scott Derrickson and Ed Wood of the same nationality?", 3);

        // The probe in the design notes ranked them the same way: Ed Wood 2.095 > Scott Derrickson 1.319 > Doctor Strange.
        Assert.Equal(["Ed Wood", "Scott Derrickson", "Doctor Strange"], hits.Select(h => h.Title));
        Assert.True(hits[0].Score > hits[2].Score);
        Assert.Equal(s_corpus[1].Text, hits[0].Text);
    }

    [Fact]
    public void Search_NearNamesake_ExactNameWins()
    {
        using var retriever = new LuceneBm25Retriever(s_corpus);

        Assert.Equal(["Ilsa Vorn", "Ilsa Varn"], retriever.Search("Ilsa Vorn", 2).Select(h => h.Title));
        Assert.Equal(["Ilsa Varn", "Ilsa Vorn"], retriever.Search("Ilsa Varn", 2).Select(h => h.Title));
    }

    [Theory]
    [InlineData("title:\"Ed Wood\" AND (")]
    [InlineData("NOT OR AND")]
    [InlineData("   ")]
    [InlineData("*?~^")]
    public void Search_QueryWithParserSyntax_NeverThrows(string query)
    {
        using var retriever = new LuceneBm25Retriever(s_corpus);

        var hits = retriever.Search(query, 5);

        Assert.True(hits.Count <= 5);
    }

    [Fact]
    public async Task SearchAsync_ConcurrentCalls_GiveTheSameResults()
    {
        using var retriever = new LuceneBm25Retriever(s_corpus);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => retriever.SearchAsync("Doctor Strange director", 2, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal(["Doctor Strange", "Scott Derrickson"], r.Select(p => p.Title)));
    }

    [Fact]
    public void Search_EmptyCorpus_ReturnsNothing()
    {
        using var retriever = new LuceneBm25Retriever([]);

        Assert.Empty(retriever.Search("anything", 3));
    }
}
