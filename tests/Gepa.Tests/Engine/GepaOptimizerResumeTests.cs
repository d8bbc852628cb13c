using System.Text.Json;
using Gepa.Tests.Engine.Golden;

namespace Gepa.Tests.Engine;

public sealed class GepaOptimizerResumeTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];

    private static List<ToyExample> Examples(int n, int offset, string[] slots) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], slots[i % slots.Length]))];

    private static GepaOptions Options(bool merge, bool cache) => new()
    {
        Seed = 3,
        MaxMetricCalls = 260,
        UseMerge = merge,
        CacheEvaluation = cache,
        ReflectionRetryDelay = TimeSpan.Zero,
    };

    public static TheoryData<bool, bool> Configurations() => new() { { false, false }, { true, false }, { true, true }, { false, true } };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task ResumeAsync_FromEveryCheckpoint_ReproducesTheUninterruptedRun(bool merge, bool cache)
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = new Candidate([new("a", "x"), new("b", "y")]);
        var train = Examples(8, 0, ["a", "b"]);
        var val = Examples(8, 3, ["a", "b"]);
        var checkpoints = new List<string>();
        var options = Options(merge, cache);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            checkpoints.Add(JsonSerializer.Serialize(cp)); // through JSON, as a run directory stores it
            return ValueTask.CompletedTask;
        });
        var full = await new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(true), options).OptimizeAsync(seed, train, val, ct);
        Assert.True(checkpoints.Count > 5);
        Assert.True(full.NumCandidates > 3);

        foreach (var json in checkpoints)
        {
            var checkpoint = JsonSerializer.Deserialize<GepaCheckpoint>(json)!;
            var adapter = new SerializableToyAdapter();
            var resumed = await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(true), Options(merge, cache)).ResumeAsync(checkpoint, train, val, ct);

            Assert.Equal(full.Candidates, resumed.Candidates);
            Assert.Equal(full.Parents.Select(p => string.Join(",", p)), resumed.Parents.Select(p => string.Join(",", p)));
            Assert.Equal(full.ValAggregateScores, resumed.ValAggregateScores);
            Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
            Assert.Equal(full.DiscoveryEvalCounts, resumed.DiscoveryEvalCounts);
            Assert.Equal(full.BestIndex, resumed.BestIndex);
            Assert.Equal(full.Iterations, resumed.Iterations);
            Assert.Equal(full.ProposalsTried, resumed.ProposalsTried);
            Assert.Equal(full.Merges, resumed.Merges);

            // Nothing already evaluated is evaluated again: the resumed run never re-scores the seed on the valset.
            Assert.DoesNotContain(adapter.Calls, c => c.Candidate.Equals(seed) && !c.CaptureTraces);
        }
    }

    [Fact]
    public async Task ResumeAsync_DifferentSettings_IsRefusedNamingWhatDiffers()
    {
        var ct = TestContext.Current.CancellationToken;
        var train = Examples(6, 0, ["a"]);
        var (_, last) = await RunToTheEndAsync(train, ct);

        var changed = Options(merge: false, cache: false);
        changed.MinibatchSize = 2;
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(false), changed).ResumeAsync(last, train, null, ct));

        Assert.Contains("'MinibatchSize' was '3' and is now '2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeAsync_WithAPriorSeedEvaluation_IgnoresItAndReproducesTheRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = new Candidate([new("a", "x"), new("b", "y")]);
        var train = Examples(8, 0, ["a", "b"]);
        var val = Examples(8, 3, ["a", "b"]);
        var checkpoints = new List<string>();
        var options = Options(merge: false, cache: true);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            checkpoints.Add(JsonSerializer.Serialize(cp));
            return ValueTask.CompletedTask;
        });
        var full = await new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(true), options).OptimizeAsync(seed, train, val, ct);
        var checkpoint = JsonSerializer.Deserialize<GepaCheckpoint>(checkpoints[checkpoints.Count / 2])!;

        // A prior that would be refused at the start of a run (another candidate, longer than the valset): a resumed
        // run never evaluates its seed, so it neither checks nor uses it.
        var resumedOptions = Options(merge: false, cache: true);
        resumedOptions.PriorSeedEvaluation = new PriorEvaluation { Candidate = Candidate.FromText("a", "other"), Batch = new EvaluationBatch(new double[20]) };
        var adapter = new SerializableToyAdapter();
        var resumed = await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(true), resumedOptions).ResumeAsync(checkpoint, train, val, ct);

        Assert.Equal(full.Candidates, resumed.Candidates);
        Assert.Equal(full.ValAggregateScores, resumed.ValAggregateScores);
        Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
        Assert.DoesNotContain(adapter.Calls, c => c.Candidate.Equals(seed) && !c.CaptureTraces);
    }

    [Fact]
    public async Task ResumeAsync_NewerFormat_IsRefused()
    {
        var checkpoint = new GepaCheckpoint { FormatVersion = GepaCheckpoint.CurrentFormatVersion + 1 };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(false), Options(false, false))
            .ResumeAsync(checkpoint, Examples(6, 0, ["a"]), null, TestContext.Current.CancellationToken));

        Assert.Contains("newer than this version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeAsync_FinishedRun_StopsAtOnceWithTheSameResult()
    {
        var ct = TestContext.Current.CancellationToken;
        var train = Examples(6, 0, ["a"]);
        var (full, last) = await RunToTheEndAsync(train, ct);
        var adapter = new SerializableToyAdapter();

        var resumed = await new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), Options(false, false)).ResumeAsync(last, train, null, ct);

        Assert.Empty(adapter.Calls);
        Assert.Equal(full.TotalMetricCalls, resumed.TotalMetricCalls);
        Assert.Equal(full.StopReason, resumed.StopReason);
    }

    [Fact]
    public async Task FinishedMessage_FinishedRun_GivesTheStopMessageAndCallsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var train = Examples(6, 0, ["a"]);
        var (full, last) = await RunToTheEndAsync(train, ct);
        var adapter = new SerializableToyAdapter();
        var lm = new ToyReflectionChatClient(false);

        var message = new GepaOptimizer<ToyExample>(adapter, lm, Options(false, false)).FinishedMessage(last, train);

        Assert.Equal(full.StopMessage, message);
        Assert.Empty(adapter.Calls);
        Assert.Empty(lm.Prompts);
    }

    [Fact]
    public async Task FinishedMessage_RaisedBudget_IsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var train = Examples(6, 0, ["a"]);
        var (_, last) = await RunToTheEndAsync(train, ct);
        var raised = Options(false, false);
        raised.MaxMetricCalls = 400;

        Assert.Null(new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(false), raised).FinishedMessage(last, train));
    }

    [Fact]
    public async Task ResumeAsync_RunStoppedByFailingProposals_GivesTheStreakAFreshStart()
    {
        // The CLI tells the user to resume once the cause is fixed; the restored streak used to stop it again at once.
        var ct = TestContext.Current.CancellationToken;
        var train = Examples(6, 0, ["a"]);
        GepaCheckpoint? last = null;
        var options = Options(merge: false, cache: false);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            last = cp;
            return ValueTask.CompletedTask;
        });
        var failing = new FakeChatClient((_, _, _) => throw new HttpRequestException("the reflection model is down"));
        var stopped = await new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), failing, options).OptimizeAsync(Candidate.FromText("a", "x"), train, null, ct);
        Assert.Equal(GepaStopReason.ConsecutiveFailures, stopped.StopReason);

        var resumed = await new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(false), Options(false, false)).ResumeAsync(last!, train, null, ct);

        Assert.NotEqual(GepaStopReason.ConsecutiveFailures, resumed.StopReason);
        Assert.True(resumed.ProposalsAccepted > 0);
    }

    /// <summary>Runs a small single-component optimization to its end and returns its result and last checkpoint.</summary>
    private static async Task<(GepaResult Result, GepaCheckpoint Last)> RunToTheEndAsync(List<ToyExample> train, CancellationToken ct)
    {
        GepaCheckpoint? last = null;
        var options = Options(merge: false, cache: false);
        options.Callbacks.OnCheckpoint.Subscribe(cp =>
        {
            last = cp;
            return ValueTask.CompletedTask;
        });
        var result = await new GepaOptimizer<ToyExample>(new SerializableToyAdapter(), new ToyReflectionChatClient(false), options).OptimizeAsync(Candidate.FromText("a", "x"), train, null, ct);
        return (result, last!);
    }

    /// <summary>The toy adapter with checkpointable outputs and traces.</summary>
    private sealed class SerializableToyAdapter : IGepaAdapter<ToyExample>, IEvaluationSerializer
    {
        private readonly ToyAdapter _inner = new(false);

        public List<(int[] Ids, Candidate Candidate, bool CaptureTraces)> Calls => _inner.Calls;

        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
            _inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken) =>
            _inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);

        public JsonElement Serialize(object? value) => JsonSerializer.SerializeToElement(value, value?.GetType() ?? typeof(object));

        public object? Deserialize(JsonElement json, bool isTrace) => isTrace ? json.Deserialize<ToyTrace>() : json;
    }
}
