using Gepa.MultiHop;

namespace Gepa.Simulation.Tests.MultiHop;

public sealed class FictionWikiTests
{
    private static readonly FictionWiki s_wiki = new();

    internal static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Gepa.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (with Gepa.slnx) was not found above the test binaries.");
        }
    }

    [Fact]
    public void Constructor_DefaultSeed_MatchesTheVectorsInTheReadme()
    {
        Assert.Equal(250, s_wiki.Corpus.Count);
        Assert.Equal([50, 50, 50], new[] { s_wiki.Trainset.Count, s_wiki.Valset.Count, s_wiki.Testset.Count });
        var first = s_wiki.Trainset[0];
        Assert.Equal("fw-001", first.Id);
        Assert.Equal(ReadmeVectors.FirstQuestion, first.Question);
        Assert.Equal(ReadmeVectors.FirstAnswer, first.Answer);
        Assert.Equal(ReadmeVectors.FirstParagraph, s_wiki.Corpus[0].ToString());
    }

    [Fact]
    public void Constructor_SameSeed_GivesTheSameWikiAndAnotherSeedAnother()
    {
        var again = new FictionWiki();
        var other = new FictionWiki("another-seed");

        Assert.Equal(s_wiki.Corpus, again.Corpus);
        Assert.Equal(s_wiki.Testset.Select(q => q.Question), again.Testset.Select(q => q.Question));
        Assert.NotEqual(s_wiki.Corpus, other.Corpus);
    }

    [Fact]
    public void Questions_EveryGoldTitleAndSupportingSentence_IsInTheCorpus()
    {
        var byTitle = s_wiki.Corpus.ToDictionary(p => p.Title, p => p.Text);

        foreach (var q in s_wiki.Trainset.Concat(s_wiki.Valset).Concat(s_wiki.Testset))
        {
            Assert.All(q.GoldTitles, t => Assert.True(byTitle.ContainsKey(t), $"{q.Id}: no paragraph '{t}'"));
            Assert.All(q.SupportingFacts, f => Assert.Contains(f.Sentence, byTitle[f.Title], StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Questions_CoverBridgeComparisonAndThreeHop()
    {
        var types = s_wiki.Trainset.Concat(s_wiki.Valset).Concat(s_wiki.Testset).GroupBy(q => q.Type).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(75, types["bridge"]);
        Assert.Equal(50, types["comparison"]);
        Assert.Equal(25, types["3-hop"]);
    }

    [Fact]
    public void Corpus_HasNearNamesakeDistractors()
    {
        var people = s_wiki.Entities.Where(e => e.Value == FictionWikiEntityKind.Person).Select(e => e.Key).ToList();
        var byFirstAndLength = people.GroupBy(p => (p.Split(' ')[0], p.Length)).Count(g => g.Count() > 1);

        Assert.True(byFirstAndLength >= FictionWikiConstants.Namesakes / 2, $"{byFirstAndLength} namesake groups");
    }

    [Fact]
    public void SampleFiles_AreThisGeneratorsOutput()
    {
        var data = Path.Combine(RepositoryRoot, "samples", "multihop", "data");
        if (Environment.GetEnvironmentVariable("GEPA_REGENERATE_MULTIHOP") == "1")
        {
            s_wiki.WriteTo(data);
        }

        Assert.Equal(s_wiki.Corpus, MultiHopData.ReadCorpus(Path.Combine(data, "corpus.jsonl")));
        Assert.Equal(s_wiki.Trainset.Select(Key), MultiHopData.ReadExamples(Path.Combine(data, "train.jsonl")).Select(Key));
        Assert.Equal(s_wiki.Valset.Select(Key), MultiHopData.ReadExamples(Path.Combine(data, "val.jsonl")).Select(Key));
        Assert.Equal(s_wiki.Testset.Select(Key), MultiHopData.ReadExamples(Path.Combine(data, "test.jsonl")).Select(Key));
    }

    private static string Key(MultiHopExample e) =>
        $"{e.Id}|{e.Question}|{e.Answer}|{e.Type}|{string.Join(";", e.GoldTitles)}|{string.Join(";", e.SupportingFacts.Select(f => f.Title + ":" + f.Sentence))}";
}
