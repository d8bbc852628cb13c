using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Gepa.Cli.Output;

namespace Gepa.Cli.Tests.Output;

/// <summary>The hand-written writers of <c>result.json</c>, <c>best_candidate.json</c> and the checkpoint's usage against
/// the source-generated context that reads them back: the same text with every property set (and text that needs
/// escaping) and with the optional ones left out; and each full document sets every property the context knows, so that a
/// property added to a document fails here until its writer writes it.</summary>
public sealed class CliJsonWriterTests
{
    private const string Awkward = "It's <b>\"quoted\"</b> & 'café' + 日本\n\tend";

    private static UsageDocument FullUsage(string role) => new()
    {
        Role = role,
        Calls = 20_040,
        FailedCalls = 2,
        Retries = 3,
        CacheHits = long.MaxValue,
        InputTokens = 1_234_567,
        OutputTokens = 89,
        Cost = 0.0123456789m,
    };

    private static ResultDocument FullResult() => new()
    {
        StopReason = "BudgetExhausted",
        StopMessage = Awkward,
        BestIndex = 1,
        BestScore = 0.792,
        TotalMetricCalls = 20_040,
        MaxMetricCalls = 20_000,
        Iterations = 78,
        ProposalsTried = 77,
        ProposalsAccepted = 38,
        FailedProposals = 1,
        Seed = 0,
        Candidates =
        [
            new CandidateDocument { Index = 0, Parents = [], ValScore = 0.1 + 0.2, ValSubscores = new Dictionary<string, double> { ["0"] = 0, ["1"] = 1e-300 }, Components = new Dictionary<string, string> { ["system_prompt"] = Awkward } },
            new CandidateDocument { Index = 1, Parents = [0, 2], ValScore = 1, ValSubscores = new Dictionary<string, double>(), DiscoveredAtMetricCall = 506, Components = new Dictionary<string, string> { ["a"] = "", [Awkward] = "b" } },
        ],
        Usage = [FullUsage("task"), FullUsage("reflection") with { Cost = null }],
        TestScore = 0.75,
        TestExamples = 200,
        TestNote = Awkward,
    };

    private static void AssertEveryPropertySet<T>(T value)
    {
        var info = (JsonTypeInfo<T>)CliJsonContext.Default.GetTypeInfo(typeof(T))!;
        var json = JsonSerializer.SerializeToNode(value, info)!.AsObject();
        var missing = info.Properties.Select(p => p.Name).Where(n => !json.ContainsKey(n)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Serialize_FullResult_MatchesTheContext()
    {
        AssertEveryPropertySet(FullResult());
        AssertEveryPropertySet(FullResult().Candidates[1]);
        AssertEveryPropertySet(FullResult().Usage[0]);

        Assert.Equal(JsonSerializer.Serialize(FullResult(), CliJsonContext.Default.ResultDocument), CliJsonWriter.Serialize(FullResult()));
    }

    [Fact]
    public void Serialize_ResultWithoutTheOptionalParts_MatchesTheContext()
    {
        var result = FullResult() with { MaxMetricCalls = null, TestScore = null, TestExamples = null, TestNote = null, Usage = [], Candidates = [] };

        Assert.Equal(JsonSerializer.Serialize(result, CliJsonContext.Default.ResultDocument), CliJsonWriter.Serialize(result));
    }

    [Fact]
    public void Serialize_BestCandidate_MatchesTheContext()
    {
        var texts = new Dictionary<string, string> { ["system_prompt"] = Awkward, ["second"] = "" };

        Assert.Equal(JsonSerializer.Serialize(texts, CliJsonContext.Default.DictionaryStringString), CliJsonWriter.Serialize(texts));
    }

    [Fact]
    public void ToElement_Usage_ReadsBackAsTheContextReadsIt()
    {
        List<UsageDocument> usage = [FullUsage("task"), FullUsage("reflection") with { Cost = null }];

        var element = CliJsonWriter.ToElement(usage);

        Assert.Equal(JsonSerializer.SerializeToElement(usage, CliJsonContext.Default.ListUsageDocument).GetRawText(), element.GetRawText());
        Assert.Equal(usage, element.Deserialize(CliJsonContext.Default.ListUsageDocument));
    }

    [Fact]
    public void Serialize_NaNScore_IsRefusedAsByTheContext()
    {
        var result = FullResult() with { BestScore = double.NaN };

        Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(result, CliJsonContext.Default.ResultDocument));
        Assert.Throws<ArgumentException>(() => CliJsonWriter.Serialize(result));
    }

    [Fact]
    public void Serialize_FullResult_IsValidJsonWithEveryCandidate()
    {
        var node = JsonNode.Parse(CliJsonWriter.Serialize(FullResult()))!;

        Assert.Equal(2, node["candidates"]!.AsArray().Count);
        Assert.Equal("b", node["candidates"]![1]!["components"]![Awkward]!.GetValue<string>());
    }
}
