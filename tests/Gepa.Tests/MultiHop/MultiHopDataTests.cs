using Gepa.MultiHop;
using Gepa.Programs;

namespace Gepa.Tests.MultiHop;

public sealed class MultiHopDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gepa-multihop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "multihop", name);

    [Fact]
    public void ReadHotpotFormat_DistractorFile_PoolsTheCorpusAndResolvesSupportingSentences()
    {
        var (examples, corpus) = MultiHopData.ReadHotpotFormat(Fixture("hotpot_distractor_sample.json"));

        Assert.Equal(2, examples.Count);
        Assert.Equal(["Ed Wood (film)", "Scott Derrickson", "Ed Wood", "Kiss and Tell (1945 film)", "Shirley Temple"], corpus.Select(p => p.Title));
        Assert.Equal("Scott Derrickson (born July 16, 1966) is an American director, screenwriter and producer. He lives in Los Angeles, California.", corpus[1].Text);
        var second = examples[1];
        Assert.Equal("Chief of Protocol", second.Answer);
        Assert.Equal("bridge", second.Type);
        Assert.Equal(["Kiss and Tell (1945 film)", "Shirley Temple"], second.GoldTitles);
        // ["Shirley Temple", 9] points past the paragraph, as a few HotpotQA facts do: it carries no sentence.
        Assert.Equal(3, second.SupportingFacts.Count);
        Assert.StartsWith("As an adult", second.SupportingFacts[2].Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadHotpotFormat_TwoWikiFile_ReadsTheSameLayout()
    {
        var (examples, corpus) = MultiHopData.ReadHotpotFormat(Fixture("2wiki_sample.json"));

        var q = Assert.Single(examples);
        Assert.Equal("Małgorzata Braunek", q.Answer);
        Assert.Equal(["Polish-Russian War (film)", "Xawery Żuławski"], q.GoldTitles);
        Assert.Equal(2, corpus.Count);
    }

    [Fact]
    public void ReadHotpotFormat_MaxQuestions_StopsThere()
    {
        var (examples, corpus) = MultiHopData.ReadHotpotFormat(Fixture("hotpot_distractor_sample.json"), maxQuestions: 1);

        Assert.Single(examples);
        Assert.Equal(3, corpus.Count);
    }

    [Theory]
    [InlineData("{}", "must be a JSON array")]
    [InlineData("[{\"_id\":\"x\",\"context\":[[\"t\"]]}]", "question 'x': 'context' has an entry that is not [title, [sentences]]")]
    [InlineData("[{\"_id\":\"x\",\"context\":[],\"supporting_facts\":[],\"answer\":\"a\"}]", "question 'x': 'question' is missing")]
    [InlineData("[1,", "is not valid JSON")]
    public void ReadHotpotFormat_BadFile_NamesTheFileAndTheProblem(string json, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);

        var ex = Assert.Throws<DatasetException>(() => MultiHopData.ReadHotpotFormat(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteExamples_ThenReadExamples_RoundTrips()
    {
        var path = Path.Combine(_dir, "q.jsonl");
        MultiHopExample[] examples = [new("q1", "Who?", "Ada Lovelace", "bridge", ["A", "B"], [new("A", "A knew B."), new("B", "B is Ada Lovelace.")])];

        MultiHopData.WriteExamples(path, examples);
        var back = MultiHopData.ReadExamples(path);

        Assert.Equal(examples[0].SupportingFacts, back[0].SupportingFacts);
        Assert.Equal(examples[0].GoldTitles, back[0].GoldTitles);
        Assert.Equal("Ada Lovelace", back[0].Answer);
        Assert.DoesNotContain("\r", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCorpus_LineWithoutText_NamesFileLineAndField()
    {
        var path = Path.Combine(_dir, "c.jsonl");
        File.WriteAllText(path, "{\"title\":\"A\",\"text\":\"a\"}\n\n{\"title\":\"B\"}\n");

        var ex = Assert.Throws<DatasetException>(() => MultiHopData.ReadCorpus(path));

        Assert.Equal($"{path} line 3: 'text' is missing", ex.Message);
    }

    [Fact]
    public void WriteCorpus_ThenReadCorpus_RoundTrips()
    {
        var path = Path.Combine(_dir, "c.jsonl");
        Passage[] corpus = [new("Żuławski", "He said \"hi\".")];

        MultiHopData.WriteCorpus(path, corpus);

        Assert.Equal(corpus, MultiHopData.ReadCorpus(path));
    }
}
