namespace Gepa.Tests.Selection;

public sealed class ComponentBanditTests
{
    private static readonly string[] Components = ["query", "answer"];

    [Fact]
    public void Select_TriesEveryComponentFirst_InOrder()
    {
        var arms = new Dictionary<string, BanditArm>(StringComparer.Ordinal);

        Assert.Equal("query", ComponentBandit.Select(Components, arms, 1.0));
        ComponentBandit.Record(arms, Components, "query", 0.5, 10, 0.9);
        Assert.Equal("answer", ComponentBandit.Select(Components, arms, 1.0));
    }

    [Fact]
    public void Record_DiscountsEveryComponentAndCreditsTheRewrittenOne()
    {
        var arms = new Dictionary<string, BanditArm>(StringComparer.Ordinal)
        {
            ["query"] = new() { Pulls = 2, Gain = 0.2, Cost = 20 },
            ["answer"] = new() { Pulls = 1, Gain = 0, Cost = 10 },
        };

        ComponentBandit.Record(arms, Components, "answer", 0.1, 8, 0.5);

        Assert.Equal(1, arms["query"].Pulls, 10);
        Assert.Equal(0.1, arms["query"].Gain, 10);
        Assert.Equal(10, arms["query"].Cost, 10);
        Assert.Equal(1.5, arms["answer"].Pulls, 10);
        Assert.Equal(0.1, arms["answer"].Gain, 10);
        Assert.Equal(13, arms["answer"].Cost, 10);
    }

    [Fact]
    public void Record_NegativeGain_CountsAsNone()
    {
        var arms = new Dictionary<string, BanditArm>(StringComparer.Ordinal);

        ComponentBandit.Record(arms, Components, "query", -0.3, 6, 0.9);

        Assert.Equal(0, arms["query"].Gain);
    }

    /// <summary>A synthetic plateau: "query" pays well for its first 15 rewrites and then nothing; "answer" pays a
    /// little, steadily. The bandit must favour query while it pays, move to answer once query has stalled, and still
    /// retry query now and then.</summary>
    [Fact]
    public void Select_OnASyntheticPlateau_ShiftsProposalsToTheComponentThatStillImproves()
    {
        var arms = new Dictionary<string, BanditArm>(StringComparer.Ordinal);
        var queryRewrites = 0;
        var choices = new List<string>();
        for (var t = 0; t < 120; t++)
        {
            var c = ComponentBandit.Select(Components, arms, 1.0);
            choices.Add(c);
            double gain;
            if (c == "query")
            {
                gain = queryRewrites++ < 15 ? 0.04 : 0.0;
            }
            else
            {
                gain = t % 2 == 0 ? 0.01 : 0.0; // 0.005 per rewrite on average
            }

            ComponentBandit.Record(arms, Components, c, gain, 20, 0.9);
        }

        var plateauAt = choices.Select((c, i) => (c, i)).Where(x => x.c == "query").Skip(14).First().i;
        var before = choices.Take(plateauAt + 1).ToList();
        var late = choices.Skip(plateauAt + 30).ToList();

        // While query pays, it gets most proposals (round-robin would give it half).
        Assert.True(before.Count(c => c == "query") > 0.7 * before.Count, $"query got {before.Count(c => c == "query")} of {before.Count} before its plateau");

        // Once it has stalled, answer gets most proposals...
        Assert.True(late.Count(c => c == "answer") > 0.7 * late.Count, $"answer got {late.Count(c => c == "answer")} of {late.Count} late");

        // ...but query is still retried now and then.
        Assert.Contains("query", late);
    }

    [Fact]
    public void Select_WhenNothingHasPaidYet_StillAlternates()
    {
        var arms = new Dictionary<string, BanditArm>(StringComparer.Ordinal);
        var choices = new List<string>();
        for (var t = 0; t < 20; t++)
        {
            var c = ComponentBandit.Select(Components, arms, 1.0);
            choices.Add(c);
            ComponentBandit.Record(arms, Components, c, 0, 6, 0.9);
        }

        Assert.InRange(choices.Count(c => c == "query"), 8, 12);
    }
}
