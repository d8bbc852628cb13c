using System.Text.Json.Nodes;
using Gepa.Simulation;
using Gepa.Strategies;

namespace Gepa.Tests.Runs;

/// <summary>candidates.jsonl and events.jsonl on RuleWorld runs (simulated, deterministic) that make several proposals
/// per iteration, checked against the final state and against RuleWorld scoring each record's candidates again.</summary>
public sealed class RunRecorderTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-recorder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RuleWorldAdapter Adapter() => new(World, new RuleWorldTaskChatClient(World));

    private async Task<(GepaResult Result, string Path)> RunAsync(string name, GepaOptions options)
    {
        var path = Path.Combine(_root, name);
        using var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Fingerprint = new Dictionary<string, string> { ["dataset"] = "rule-world" } });
        dir.Attach(options);
        var optimizer = new GepaOptimizer<RuleWorldExample>(Adapter(), new RuleWorldReflectionChatClient(World), options);
        var result = await dir.RunAsync(optimizer, World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        return (result, path);
    }

    private static GepaOptions Options(ISamplingStrategy sampling, ISelectionStrategy selection) => new()
    {
        Seed = 3,
        MaxMetricCalls = 500,
        MinibatchSize = 3,
        BudgetPolicy = BudgetPolicy.Fixed, // fully evaluated candidates, so each record's validation is the pool's
        UseMerge = true,
        MergeValOverlapFloor = 2,
        SkipPerfectScore = false,
        ProposalSampling = sampling,
        ProposalSelection = selection,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    public static TheoryData<string> SeveralProposals() => ["independent(4), all", "pxn(2,2), top-k(2)"];

    private static GepaOptions SeveralProposalOptions(string name) => name.StartsWith("independent", StringComparison.Ordinal)
        ? Options(new IndependentSampling(4), new AllImprovements())
        : Options(new PxNSampling(2, 2), new TopKImprovements(2));

    private static async Task<double[]> ScoresAsync(Candidate candidate, IEnumerable<int> trainIds) =>
        [.. (await Adapter().EvaluateAsync([.. trainIds.Select(k => World.Trainset[k])], candidate, false, TestContext.Current.CancellationToken)).Scores];

    [Theory]
    [MemberData(nameof(SeveralProposals))]
    public async Task Attach_SeveralProposalsPerIteration_RecordsEveryProposalWithItsOwnParentComponentScoresAndValidation(string sampling)
    {
        var (result, path) = await RunAsync("several", SeveralProposalOptions(sampling));

        var records = GepaRunDirectory.ReadProposals(path);
        var mutations = records.Where(r => r.Kind == ProposalRecord.MutationKind && r.Decision != ProposalRecord.Failed).ToList();

        // The run did what the test needs: iterations whose proposals had different parents, and several accepted.
        var iterations = mutations.GroupBy(r => r.Iteration).ToList();
        Assert.Contains(iterations, g => g.Count() >= 2 && g.Select(r => r.Parents[0]).Distinct().Count() >= 2);
        Assert.All(iterations, g => Assert.Equal(g.Count(), g.Select(r => r.Proposal).Distinct().Count()));
        Assert.True(result.NumCandidates >= 5, $"only {result.NumCandidates} candidates");

        // The accepted records are exactly the pool: parents, validation scores and texts.
        var accepted = records.Where(r => r.Decision == ProposalRecord.Accepted).OrderBy(r => r.CandidateIndex).ToList();
        Assert.Equal(Enumerable.Range(0, result.NumCandidates), accepted.Select(r => r.CandidateIndex!.Value));
        foreach (var r in accepted.Skip(1))
        {
            var k = r.CandidateIndex!.Value;
            Assert.Equal(result.Parents[k], r.Parents);
            Assert.Equal(result.ValAggregateScores[k], r.ValScore!.Value, 12);
            Assert.Equal(result.ValSubscores[k].OrderBy(e => e.Key), r.ValScores!.OrderBy(e => e.Key));
            if (r.Kind == ProposalRecord.MutationKind)
            {
                var parent = result.Candidates[r.Parents[0]];
                Assert.Equal(result.Candidates[k], parent.With(r.Texts));
                Assert.Equal(parent.ComponentNames.Where(c => parent[c] != result.Candidates[k][c]).Order(), r.Components.Order());
            }
        }

        // Every mutation's minibatch scores are its own parent's and its own child's: RuleWorld scores them again.
        foreach (var r in mutations)
        {
            var parent = result.Candidates[r.Parents[0]];
            Assert.Equal(await ScoresAsync(parent, r.Minibatch!), r.ParentScores!);
            if (r.ChildScores is null)
            {
                // A child that repeats a pool candidate is not scored; it must really be one.
                Assert.Contains("identical", r.Reason, StringComparison.Ordinal);
                Assert.Contains(parent.With(r.Texts), result.Candidates);
                continue;
            }

            Assert.Equal(await ScoresAsync(parent.With(r.Texts), r.Minibatch!), r.ChildScores.Select(s => s!.Value));
            Assert.Equal(r.ParentScores!.Sum(), r.ParentSum!.Value, 9);
            Assert.Equal(r.ChildScores!.Sum(s => s!.Value), r.ChildSum!.Value, 9);
        }

        // Every proposal event in events.jsonl says which proposal it belongs to.
        var events = File.ReadAllLines(Path.Combine(path, GepaRunDirectory.EventsFileName)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.All(
            events.Where(e => e["event"]!.GetValue<string>() is "candidate-selected" or "minibatch" or "proposal-end" or "candidate-accepted"),
            e => Assert.NotNull(e["proposal"]));
    }

    [Fact]
    public async Task Attach_OneProposalPerIteration_WritesTheSameRecordsAsBeforeProposalIds()
    {
        // candidates.jsonl of this run as the recorder wrote it before proposals had ids (the fixture was written by
        // that recorder): a single-proposal run's journal must not change by a byte.
        var (_, path) = await RunAsync("single", new GepaOptions
        {
            Seed = 3,
            MaxMetricCalls = 240,
            MinibatchSize = 3,
            BudgetPolicy = BudgetPolicy.Fixed, // the policy the fixture was written under
            UseMerge = true,
            MergeValOverlapFloor = 2,
            CacheEvaluation = true,
            ReflectionRetryDelay = TimeSpan.Zero,
        });

        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "run-recorder", "single-proposal-candidates.jsonl"));
        Assert.Equal(expected, File.ReadAllText(Path.Combine(path, GepaRunDirectory.CandidatesFileName)));
        Assert.DoesNotContain("\"proposal\"", File.ReadAllText(Path.Combine(path, GepaRunDirectory.EventsFileName)), StringComparison.Ordinal);
    }
}
