using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Simulation;

namespace Gepa.Tests.Runs;

/// <summary>The run directory on a RuleWorld run (simulated, deterministic): its files, its resume, and what it does when a
/// write fails or the directory does not match.</summary>
public sealed class GepaRunDirectoryTests : IDisposable
{
    private static readonly RuleWorld World = new(new RuleWorldOptions { Rules = 8, Modules = 2, Train = 16, Val = 10, Test = 2, Guess = 0.5 });
    private readonly string _root = Directory.CreateTempSubdirectory("gepa-rundir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GepaOptions Options(params IStopCondition[] stops)
    {
        var o = new GepaOptions
        {
            Seed = 3,
            MaxMetricCalls = 240,
            MinibatchSize = 3,
            BudgetPolicy = BudgetPolicy.Fixed, // the scheduled merge, fully evaluated candidates
            UseMerge = true,
            MergeValOverlapFloor = 2,
            CacheEvaluation = true,
            ReflectionRetryDelay = TimeSpan.Zero,
        };
        foreach (var stop in stops)
        {
            o.StopConditions.Add(stop);
        }

        return o;
    }

    private static GepaOptimizer<RuleWorldExample> Optimizer(GepaOptions options) =>
        new(new RuleWorldAdapter(World, new RuleWorldTaskChatClient(World)), new RuleWorldReflectionChatClient(World), options);

    private static Dictionary<string, string> Fingerprint(int seed = 5) => new() { ["engine.seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture), ["dataset"] = "rule-world" };

    private static async Task<GepaResult> RunAsync(GepaRunDirectory dir, GepaOptions options)
    {
        dir.Attach(options);
        return await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
    }

    private async Task<(GepaResult Result, string Path)> FullRunAsync(string name, GepaOptions? options = null)
    {
        var path = Path.Combine(_root, name);
        using var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint() });
        return (await RunAsync(dir, options ?? Options()), path);
    }

    [Fact]
    public async Task RunAsync_FocusedMinibatch_RecordsChildScoresPositionByPosition()
    {
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1 });
        var options = new GepaOptions { Seed = 6, MaxMetricCalls = 2500, BudgetPolicy = BudgetPolicy.Adaptive, ReflectionRetryDelay = TimeSpan.Zero };
        var path = Path.Combine(_root, "focused");
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint() }))
        {
            dir.Attach(options);
            await dir.RunAsync(new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)), new RuleWorldReflectionChatClient(world), options), world.SeedCandidate(), world.Trainset, world.Valset, TestContext.Current.CancellationToken);
        }

        var scored = GepaRunDirectory.ReadProposals(path).Where(r => r.ChildScores is not null).ToList();
        Assert.All(scored, r => Assert.Equal(r.Minibatch!.Count, r.ChildScores!.Count));

        // A child stopped early was scored exactly where its parent failed; one scored in two parts has every score in place.
        var early = scored.Where(r => r.ChildScores!.Contains(null)).ToList();
        Assert.True(early.Count > 3, $"{early.Count} children stopped early");
        Assert.All(early, r => Assert.Equal(r.ParentScores!.Select(s => s < 1), r.ChildScores!.Select(c => c is not null)));
        var accepted = scored.Where(r => r.Decision == ProposalRecord.Accepted).ToList();
        Assert.Contains(accepted, r => r.ParentScores!.Contains(1)); // had a guard, so was scored in two parts
        Assert.All(accepted, r => Assert.Equal(r.ChildSum, r.ChildScores!.Sum()));
    }

    [Fact]
    public async Task RunAsync_WritesEveryFileInItsDocumentedFormat()
    {
        var (result, path) = await FullRunAsync("run");

        Assert.True(result.NumCandidates >= 4, $"only {result.NumCandidates} candidates");
        var manifest = GepaRunDirectory.ReadManifest(path);
        Assert.Equal(GepaRunDirectory.CurrentFormatVersion, manifest.FormatVersion);
        Assert.Equal(GepaRunDirectory.HashFingerprint(Fingerprint()), manifest.FingerprintHash);

        var state = GepaRunDirectory.ReadState(path)!;
        Assert.Equal(result.NumCandidates, state.Checkpoint.Candidates.Count);
        Assert.Equal(result.TotalMetricCalls, state.Checkpoint.TotalMetricCalls);
        Assert.NotNull(state.Checkpoint.Cache);
        Assert.Contains(state.Checkpoint.Cache!, e => e.Trace is not null); // the adapter's traces survive in the state

        // Every proposal, accepted or not: the accepted ones are exactly the pool, with its parents.
        var records = GepaRunDirectory.ReadProposals(path);
        Assert.Equal(ProposalRecord.SeedKind, records[0].Kind);
        Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.Id));
        var accepted = records.Where(r => r.Decision == ProposalRecord.Accepted).OrderBy(r => r.CandidateIndex).ToList();
        Assert.Equal(Enumerable.Range(0, result.NumCandidates), accepted.Select(r => r.CandidateIndex!.Value));
        Assert.All(accepted, r => Assert.Equal(result.Parents[r.CandidateIndex!.Value], r.Parents));
        Assert.All(accepted.Skip(1), r => Assert.Equal(result.ValAggregateScores[r.CandidateIndex!.Value], r.ValScore!.Value, 9));
        var mutations = records.Where(r => r.Kind == ProposalRecord.MutationKind && r.Decision != ProposalRecord.Failed).ToList();
        Assert.Contains(mutations, r => r.Decision == ProposalRecord.Rejected);
        Assert.All(mutations, r =>
        {
            Assert.NotNull(r.Reason);
            Assert.Single(r.Parents);
            Assert.NotEmpty(r.Texts);
            Assert.Equal(r.Minibatch!.Count, r.ParentScores!.Count);
            Assert.Contains("```", r.RawReplies![r.Components[0]], StringComparison.Ordinal); // the raw reply, fence and all
            Assert.Equal(JsonValueKind.Array, r.ReflectiveRecords![r.Components[0]].ValueKind);
            Assert.True(r.Rollouts > 0);
        });
        Assert.Contains(records, r => r.Kind == ProposalRecord.MergeKind);
        Assert.All(records.Where(r => r.Kind == ProposalRecord.MergeKind), r => Assert.Equal(2, r.Parents.Count));

        var events = File.ReadAllLines(Path.Combine(path, GepaRunDirectory.EventsFileName)).Select(l => JsonNode.Parse(l)!["event"]!.GetValue<string>()).ToList();
        Assert.Equal("start", events[0]);
        Assert.Equal("end", events[^1]);
        Assert.Contains("checkpoint", events);
        Assert.Contains("proposal-end", events);

        var best = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(path, GepaRunDirectory.BestCandidateFileName)))!;
        Assert.Equal(result.BestCandidate.ToDictionary(), best);
        var front = JsonNode.Parse(File.ReadAllText(Path.Combine(path, GepaRunDirectory.ParetoFrontFileName)))!;
        Assert.Equal(World.Valset.Count, front["examples"]!.AsArray().Count);
        foreach (var (id, members) in result.PerValInstanceBestCandidates)
        {
            var entry = front["examples"]!.AsArray().Single(e => e!["example"]!.GetValue<int>() == id)!;
            Assert.Equal(members.Order(), entry["candidates"]!.AsArray().Select(c => c!.GetValue<int>()));
        }

        var summary = GepaRunDirectory.ReadSummary(path)!;
        Assert.Equal(RunSummary.Completed, summary.Status);
        Assert.Equal(result.BestIndex, summary.BestCandidate);
        Assert.Equal(result.TotalMetricCalls, summary.Rollouts);
        Assert.Empty(Directory.GetFiles(path, "*.tmp"));
    }

    [Fact]
    public async Task Resume_FromEveryCheckpointWithAHalfWrittenIteration_GivesTheSameRunAndJournal()
    {
        var (full, fullPath) = await FullRunAsync("full");
        var expectedJournal = File.ReadAllText(Path.Combine(fullPath, GepaRunDirectory.CandidatesFileName));

        // The same run again, copying the directory as it stands after each checkpoint is saved.
        var snapshots = new List<string>();
        var path = Path.Combine(_root, "watched");
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint() }))
        {
            var options = Options();
            dir.Attach(options);
            options.Callbacks.OnCheckpoint.Subscribe(_ =>
            {
                var copy = Path.Combine(_root, "cp" + snapshots.Count);
                CopyDirectory(path, copy);
                snapshots.Add(copy);
                return ValueTask.CompletedTask;
            });
            await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.True(snapshots.Count > 10, $"{snapshots.Count} checkpoints");
        foreach (var snapshot in snapshots.Where((_, i) => i % 6 == 1 || i == 0 || i == snapshots.Count - 1))
        {
            // What a process killed in the next iteration leaves: a record past the state, a torn event, a temporary file.
            File.AppendAllText(Path.Combine(snapshot, GepaRunDirectory.CandidatesFileName), "{\"id\":999,\"kind\":\"mutation\",\"decision\":\"rejected\"}\n");
            File.AppendAllText(Path.Combine(snapshot, GepaRunDirectory.EventsFileName), "{\"time\":\"2026-");
            File.WriteAllText(Path.Combine(snapshot, "state.json.0badf00d.tmp"), "{\"formatVer");

            using var dir = GepaRunDirectory.Open(snapshot, new GepaRunDirectoryOptions { Fingerprint = Fingerprint() });
            Assert.Equal(2, dir.Session);
            var resumed = await RunAsync(dir, Options());

            Assert.Equal(full.Candidates, resumed.Candidates);
            Assert.Equal(full.ValAggregateScores, resumed.ValAggregateScores);
            Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
            Assert.Equal(full.Iterations, resumed.Iterations);
            Assert.Equal(expectedJournal, File.ReadAllText(Path.Combine(snapshot, GepaRunDirectory.CandidatesFileName)));
            Assert.All(File.ReadAllLines(Path.Combine(snapshot, GepaRunDirectory.EventsFileName)), l => JsonNode.Parse(l));
            Assert.Empty(Directory.GetFiles(snapshot, "*.tmp"));
        }
    }

    [Fact]
    public async Task SaveCheckpoint_StateWriteFailsMidway_KeepsThePreviousStateWhichStillResumesExactly()
    {
        var (full, _) = await FullRunAsync("full");
        var path = Path.Combine(_root, "failing");
        var failures = new List<Exception>();
        int savedIteration;
        // Every checkpoint written (no interval), so that the failures begin at the sixth.
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint(), CheckpointInterval = TimeSpan.Zero }))
        {
            dir.WriteFailed = failures.Add;
            var options = Options();
            dir.Attach(options);

            // From the sixth checkpoint on, every state write dies after 300 bytes (disk full, or a kill mid-write).
            var checkpoints = 0;
            options.Callbacks.OnIterationStart.Subscribe(_ =>
            {
                if (++checkpoints == 5)
                {
                    dir.StateStreamWrapper = s => new FailingStream(s, 300);
                }

                return ValueTask.CompletedTask;
            });
            var result = await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
            Assert.Equal(full.Candidates, result.Candidates); // the run itself went on
            savedIteration = GepaRunDirectory.ReadState(path)!.Checkpoint.Iteration;
        }

        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Contains("simulated failure", f.Message, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(path, "*.tmp"));
        Assert.True(savedIteration is > 0 and < 6, $"saved iteration {savedIteration}");

        using var reopened = GepaRunDirectory.Open(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint() });
        var resumed = await RunAsync(reopened, Options());
        Assert.Equal(full.Candidates, resumed.Candidates);
        Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
    }

    [Fact]
    public async Task Resume_StatefulStopCondition_StopsWhereTheUninterruptedRunStopped()
    {
        var (full, fullPath) = await FullRunAsync("full", Options(StopConditions.NoImprovement(4)));
        Assert.Equal(GepaStopReason.StopCondition, full.StopReason);

        var snapshot = Path.Combine(_root, "late");
        var path = Path.Combine(_root, "watched");
        var copied = false;
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint() }))
        {
            var options = Options(StopConditions.NoImprovement(4));
            dir.Attach(options);
            options.Callbacks.OnCheckpoint.Subscribe(cp =>
            {
                // A checkpoint a few iterations after the last improvement: the condition's memory matters there.
                if (!copied && cp.Iteration == full.Iterations - 3)
                {
                    CopyDirectory(path, snapshot);
                    copied = true;
                }

                return ValueTask.CompletedTask;
            });
            await dir.RunAsync(Optimizer(options), World.SeedCandidate(), World.Trainset, World.Valset, TestContext.Current.CancellationToken);
        }

        Assert.True(copied);
        using var reopened = GepaRunDirectory.Open(snapshot);
        var resumed = await RunAsync(reopened, Options(StopConditions.NoImprovement(4)));
        Assert.Equal(full.Iterations, resumed.Iterations);
        Assert.Equal(full.StopMessage, resumed.StopMessage);
        Assert.NotNull(GepaRunDirectory.ReadState(fullPath)!.StopConditions.Single());
    }

    [Fact]
    public async Task Redact_RemovesTheSecretFromEveryFile()
    {
        var path = Path.Combine(_root, "redacted");
        using (var dir = GepaRunDirectory.Create(path, new GepaRunDirectoryOptions { Redact = s => s.Replace("Solve the case", "***", StringComparison.Ordinal) }))
        {
            await RunAsync(dir, Options());
        }

        Assert.All(Directory.GetFiles(path), f => Assert.DoesNotContain("Solve the case", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_DifferentFingerprint_IsRefusedNamingWhatDiffers_AndChangesNothing()
    {
        var (_, path) = await FullRunAsync("run");
        var before = Directory.GetFiles(path).ToDictionary(f => f, File.ReadAllBytes);

        var ex = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path, new GepaRunDirectoryOptions { Fingerprint = Fingerprint(seed: 6) }));

        Assert.Equal(GepaRunDirectoryError.DifferentConfiguration, ex.Error);
        Assert.Contains("engine.seed was '5' and is now '6'", ex.Message, StringComparison.Ordinal);
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));
    }

    [Theory]
    [InlineData(GepaRunDirectory.ManifestFileName)]
    [InlineData(GepaRunDirectory.StateFileName)]
    public async Task Open_NewerFormat_IsRefused(string file)
    {
        var (_, path) = await FullRunAsync("run");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(path, file)))!;
        json["formatVersion"] = GepaRunDirectory.CurrentFormatVersion + 1;
        File.WriteAllText(Path.Combine(path, file), json.ToJsonString());

        var ex = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(path));

        Assert.Equal(GepaRunDirectoryError.NewerFormat, ex.Error);
        Assert.Contains($"format version {GepaRunDirectory.CurrentFormatVersion + 1}, newer than this version understands", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotARunDirectory_IsRefused()
    {
        var ex = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Open(_root));

        Assert.Equal(GepaRunDirectoryError.NotARunDirectory, ex.Error);
        Assert.Contains("is not a run directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OverAnExistingRun_IsRefused()
    {
        var (_, path) = await FullRunAsync("run");

        var ex = Assert.Throws<GepaRunDirectoryException>(() => GepaRunDirectory.Create(path));

        Assert.Equal(GepaRunDirectoryError.AlreadyExists, ex.Error);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        // The lock is held by the running session and is not part of what a snapshot keeps.
        foreach (var file in Directory.GetFiles(from).Where(f => Path.GetFileName(f) != GepaRunDirectory.LockFileName))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
