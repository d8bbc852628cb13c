using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Gepa.Tests.Runs;

/// <summary>The hand-written writers of the run directory's files against the source-generated context that reads them
/// back: the same bytes for every document, compact and indented, with every property set (text that needs escaping, NaN
/// and infinities, null list entries) and with every optional one left out; and each test's full document sets every
/// property the context knows, so that a property added to a document type fails here until its writer writes it.</summary>
public sealed class RunJsonWriterTests
{
    private const string Awkward = "It's <b>\"quoted\"</b> & 'café' + 日本\n\tend";
    private static readonly DateTimeOffset When = new(2026, 12, 1, 23, 45, 6, 789, TimeSpan.FromHours(1));

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static RunEvent FullEvent() => new()
    {
        Time = When,
        Session = 2,
        Event = "candidate-accepted",
        Iteration = 7,
        Proposal = 1,
        Candidate = 3,
        Parents = [0, 2],
        Score = double.NaN,
        Rollouts = 1234,
        Delta = 3,
        Budget = 20_000,
        Accepted = true,
        Reason = Awkward,
        Message = "sk-" + Awkward,
        Components = ["system_prompt", Awkward],
        Examples = [4, 1, 9],
        Scores = [0.5, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 0.1 + 0.2],
        Front = [0, 3],
    };

    private static RunSummary FullSummary() => new()
    {
        Status = RunSummary.Failed,
        Resumable = true,
        ResumeCommand = "gepa resume \"/tmp/a b\"",
        StopReason = "BudgetExhausted",
        Message = Awkward,
        Session = 3,
        Iterations = 78,
        Rollouts = 20_040,
        Budget = 20_000,
        Candidates = 39,
        BestCandidate = 22,
        BestScore = 0.792,
        SeedScore = double.NaN,
        ProposalsTried = 77,
        ProposalsAccepted = 38,
        FailedProposals = 1,
        TestScore = 0.75,
        TestExamples = 200,
        TestCandidate = 22,
        TestNote = Awkward,
        Elapsed = new TimeSpan(1, 2, 3, 4, 567),
        UpdatedAt = When,
    };

    private static RunManifest FullManifest() => new()
    {
        CreatedAt = When,
        Producer = "gepa 1.0 " + Awkward,
        FingerprintHash = "abc123",
        Fingerprint = new() { ["dataset"] = Awkward, ["b"] = "" },
        Host = new() { ["config.redacted"] = "false" },
    };

    private static ProposalRecord FullRecord() => new()
    {
        Id = 5,
        Kind = ProposalRecord.MutationKind,
        Iteration = 9,
        Proposal = 2,
        Decision = ProposalRecord.Rejected,
        Reason = Awkward,
        Parents = [1, 4],
        Ancestor = 0,
        CandidateIndex = 6,
        Components = ["system_prompt"],
        Texts = new() { ["system_prompt"] = Awkward },
        Minibatch = [3, 1, 2],
        ParentScores = [0, 1, double.NaN],
        ChildScores = [null, 1, double.NegativeInfinity],
        ParentSum = 1,
        ChildSum = double.NaN,
        ValScore = 0.25,
        ValScores = new() { [3] = 0.5, [1] = double.PositiveInfinity, [10] = 0 },
        Rollouts = 600,
        ReflectiveRecords = new() { ["system_prompt"] = Element("""[{"Inputs":"x \u00e9","Feedback":["a",{"b":"c"}]}]""") },
        Prompts = new() { ["system_prompt"] = Awkward },
        RawReplies = new() { ["system_prompt"] = "```\n" + Awkward + "\n```" },
    };

    private static PoolRecord FullPool() => new()
    {
        Candidate = 4,
        Components = [["system_prompt", Awkward], ["b", ""]],
        Parents = [2],
        DiscoveryEvalCount = 120,
        ValScores = new() { [7] = 1, [2] = double.NaN, [0] = 0.125 },
        ValObjectives = new() { [7] = new() { ["accuracy"] = 1, ["cost"] = double.NegativeInfinity } },
    };

    private static CheckpointCacheEntry FullCacheEntry() => new()
    {
        Hash = "h" + Awkward,
        Split = "val",
        Id = 12,
        Score = double.NaN,
        Objectives = new() { ["accuracy"] = 0.5 },
        Output = Element("""{"answer":"42","n":[1,2.50,null]}"""),
        Trace = Element("null"),
    };

    private static ParetoFrontDocument FullFront() => new()
    {
        Members = [0, 2],
        BestCandidate = 2,
        Examples =
        [
            new ParetoFrontExample { Example = 0, BestScore = 1, Candidates = [0, 2] },
            new ParetoFrontExample { Example = 5, BestScore = double.NaN, Candidates = [] },
        ],
    };

    private static ExamplesDocument FullExamples() => new()
    {
        Seed = 0,
        Best = 3,
        Candidates =
        [
            new CandidateExamples
            {
                Candidate = 3,
                Examples =
                [
                    new ExampleResult { Example = 1, Id = "case-1", Input = Awkward, Expected = "x", Output = Awkward, Feedback = Awkward, Score = 0.5 },
                    new ExampleResult { Example = 2, Input = "", Score = double.NaN },
                ],
            },
        ],
    };

    private static RunState FullState() => new()
    {
        SavedAt = When,
        Session = 2,
        CandidatesLength = 5_000_000_000,
        RecordCount = 78,
        Pool = new JournalMark { Length = 176_974, Lines = 39 },
        Cache = new JournalMark { Length = 12, Lines = 1 },
        Observed = new JournalMark { Length = 0, Lines = 0 },
        RoundRobinPointers = [0, 1, 0],
        RandomState = "AAECAw==",
        MaxMetricCalls = 20_000,
        Checkpoint = new GepaCheckpoint
        {
            Settings = new() { ["seed"] = "0", ["note"] = Awkward },
            Candidates = [new CheckpointCandidate { Components = [["a", "b"]], ValScores = new() { [0] = 1 } }],
            Iteration = 77,
            TotalMetricCalls = 20_040,
            NumFullValEvals = 39,
            Counters = new() { ["proposalsTried"] = 77, ["big"] = long.MaxValue },
            LastIterationFoundNewProgram = true,
            FailureCauses = [Awkward],
            MergedTriplets = [[0, 1, 2], [3, 4, 5]],
            MergedDescendants = ["1,2"],
            SamplerOrder = [3, 1, 2],
            SamplerEpoch = 4,
            SamplerLastSize = 16,
            RandomState = [1, 2, 3],
            Elapsed = TimeSpan.FromSeconds(12.3456789),
            Cache = [FullCacheEntry()],
            PolicyState = new()
            {
                [AdaptiveState.CheckpointKey] = Element("""{"Races":3,"TrainScores":{"0":{"1":0.5}},"Tail":[1,2]}"""),
                ["other"] = Element("""{"TrainScores":{"0":1}}"""),
            },
        },
        StopConditions = [null, Element("""{"noImprovement":3}"""), Element("null")],
        Host = new() { ["usage"] = Element("""[{"role":"task","calls":20040}]""") },
        Extensions = new() { ["lessonGate"] = Element("""{"draws":12,"valScores":{"0":"0.5"}}""") },
    };

    private static byte[] Context<T>(T value, bool indented) =>
        JsonSerializer.SerializeToUtf8Bytes(value, indented ? RunJsonContext.Indented<T>() : (JsonTypeInfo<T>)RunJsonContext.Default.GetTypeInfo(typeof(T))!);

    private static void AssertSame<T>(T value, Action<Utf8JsonWriter, T> write, bool indented)
    {
        var expected = System.Text.Encoding.UTF8.GetString(Context(value, indented));
        var actual = System.Text.Encoding.UTF8.GetString(RunJsonWriter.ToUtf8Bytes(value, write, indented));
        Assert.Equal(expected, actual);
    }

    /// <summary>Every property the context writes for <paramref name="value"/>'s type (and the object types inside it) is
    /// present in its serialized form, so that the full documents above really are full.</summary>
    private static void AssertEveryPropertySet<T>(T value, params string[] leftOut)
    {
        var json = JsonSerializer.SerializeToNode(value, (JsonTypeInfo<T>)RunJsonContext.Default.GetTypeInfo(typeof(T))!)!.AsObject();
        var missing = RunJsonContext.Default.GetTypeInfo(typeof(T))!.Properties.Select(p => p.Name).Where(n => !json.ContainsKey(n) && !leftOut.Contains(n)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_RunEventFullAndEmpty_MatchesContext(bool indented)
    {
        AssertEveryPropertySet(FullEvent());
        AssertSame(FullEvent(), RunJsonWriter.Write, indented);
        AssertSame(new RunEvent { Time = When, Event = "start" }, RunJsonWriter.Write, indented);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_RunSummaryFullAndEmpty_MatchesContext(bool indented)
    {
        AssertEveryPropertySet(FullSummary());
        AssertSame(FullSummary(), RunJsonWriter.Write, indented);
        AssertSame(new RunSummary(), RunJsonWriter.Write, indented);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_RunManifest_MatchesContext(bool indented)
    {
        AssertEveryPropertySet(FullManifest());
        AssertSame(FullManifest(), RunJsonWriter.Write, indented);
        AssertSame(new RunManifest(), RunJsonWriter.Write, indented);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_ProposalRecordFullAndEmpty_MatchesContext(bool indented)
    {
        AssertEveryPropertySet(FullRecord());
        AssertSame(FullRecord(), RunJsonWriter.Write, indented);
        AssertSame(new ProposalRecord(), RunJsonWriter.Write, indented);
    }

    [Fact]
    public void Write_PoolRecordFullAndScoresOnly_MatchesContext()
    {
        AssertEveryPropertySet(FullPool());
        AssertSame(FullPool(), RunJsonWriter.Write, indented: false);
        AssertSame(new PoolRecord { Candidate = 1, ValScores = new() { [3] = 1 } }, RunJsonWriter.Write, indented: false);
    }

    [Fact]
    public void Write_CacheEntryFullAndEmpty_MatchesContext()
    {
        AssertEveryPropertySet(FullCacheEntry());
        AssertSame(FullCacheEntry(), RunJsonWriter.Write, indented: false);
        AssertSame(new CheckpointCacheEntry(), RunJsonWriter.Write, indented: false);
    }

    [Fact]
    public void Write_ObservedScores_MatchesContext()
    {
        var record = new ObservedScoresRecord { Candidate = 2, Scores = new() { [5] = double.NaN, [1] = 0.5 } };
        AssertEveryPropertySet(record);
        AssertSame(record, RunJsonWriter.Write, indented: false);
    }

    [Fact]
    public void Write_ParetoFront_MatchesContext()
    {
        AssertEveryPropertySet(FullFront());
        AssertEveryPropertySet(FullFront().Examples[0]);
        AssertSame(FullFront(), RunJsonWriter.Write, indented: true);
        AssertSame(new ParetoFrontDocument(), RunJsonWriter.Write, indented: true);
    }

    [Fact]
    public void Write_Examples_MatchesContext()
    {
        AssertEveryPropertySet(FullExamples());
        AssertEveryPropertySet(FullExamples().Candidates[0]);
        AssertEveryPropertySet(FullExamples().Candidates[0].Examples[0]);
        AssertSame(FullExamples(), RunJsonWriter.Write, indented: true);
    }

    [Fact]
    public void Write_BestCandidateTexts_MatchesContext()
    {
        var texts = new Dictionary<string, string> { ["system_prompt"] = Awkward, ["second"] = "" };
        var expected = System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(texts, RunJsonContext.Indented<Dictionary<string, string>>()));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(RunJsonWriter.ToUtf8Bytes<IEnumerable<KeyValuePair<string, string>>>(texts, RunJsonWriter.Write, indented: true)));
    }

    /// <summary>state.json is the context's serialization of the state without the checkpoint's journaled parts: its
    /// candidates, cache and random state, and the adaptive policy's observed scores (emptied, the rest of that state kept).</summary>
    [Fact]
    public void Write_RunState_IsTheContextsWithoutTheJournaledParts()
    {
        var state = FullState();
        AssertEveryPropertySet(state);
        AssertEveryPropertySet(state.Checkpoint);
        AssertEveryPropertySet(state.Pool!);
        var expected = JsonSerializer.SerializeToNode(state, RunJsonContext.Default.RunState)!.AsObject();
        var checkpoint = expected["checkpoint"]!.AsObject();
        checkpoint.Remove("candidates");
        checkpoint.Remove("cache");
        checkpoint.Remove("randomState");
        checkpoint["policyState"]![AdaptiveState.CheckpointKey]!["TrainScores"] = new JsonObject();

        var actual = System.Text.Encoding.UTF8.GetString(RunJsonWriter.ToUtf8Bytes(state, RunJsonWriter.Write, indented: false));

        // Both through JsonNode, which escapes some characters (the offset's '+') differently from the serializer; the other
        // tests compare bytes.
        Assert.Equal(expected.ToJsonString(), JsonNode.Parse(actual)!.ToJsonString());
        Assert.Contains("\"other\":{\"TrainScores\":{\"0\":1}}", actual, StringComparison.Ordinal); // only the adaptive policy's are journaled
    }

    [Fact]
    public void Write_RunStateWithoutExtensions_WritesNoExtensionsKey()
    {
        // A run that registers no extension writes the state it wrote before extensions existed.
        var state = new RunState { SavedAt = When, Checkpoint = new GepaCheckpoint { Iteration = 3 } };

        var actual = System.Text.Encoding.UTF8.GetString(RunJsonWriter.ToUtf8Bytes(state, RunJsonWriter.Write, indented: false));

        Assert.DoesNotContain("extensions", actual, StringComparison.Ordinal);
        Assert.EndsWith("\"host\":{}}", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RunStateWithoutMarks_ReadsBackAsWritten()
    {
        var state = new RunState { SavedAt = When, Checkpoint = new GepaCheckpoint { Iteration = 3 } };

        var back = JsonSerializer.Deserialize(RunJsonWriter.ToUtf8Bytes(state, RunJsonWriter.Write, indented: false), RunJsonContext.Default.RunState)!;

        Assert.Null(back.Pool);
        Assert.Equal(3, back.Checkpoint.Iteration);
        Assert.Equal(When, back.SavedAt);
        Assert.Empty(back.StopConditions);
    }
}
