using Gepa.Tests.Engine.Golden;

// Not Gepa.Tests.Evaluation: a namespace of that name would hide the Gepa.Evaluation type from every test.
namespace Gepa.Tests.Rollouts;

public sealed class RolloutEvaluatorTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];

    private static List<ToyExample> Examples(int n, int offset = 0) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], "instructions"))];

    private static Task<GepaResult> RunAsync(GepaOptimizer<ToyExample> optimizer) =>
        optimizer.OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Evaluate_ThroughACustomExecutor_SameRunAndEveryRolloutKeyedOnceAndPaidOnce()
    {
        var options = new GepaOptions { MaxMetricCalls = 80, UseMerge = true };
        var adapter = new ToyAdapter(false);
        var executor = new RecordingExecutor(new LocalRolloutExecutor<ToyExample>(adapter));

        var local = await RunAsync(new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), options));
        var remote = await RunAsync(new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options, executor));

        Assert.Equal(local.Candidates, remote.Candidates);
        Assert.Equal(local.TotalMetricCalls, remote.TotalMetricCalls);
        var keys = executor.Requests.SelectMany(r => r.Keys).ToList();
        Assert.Equal(remote.TotalMetricCalls, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(executor.Requests, r => Assert.Equal(r.Examples.Select(e => e.Id), r.Keys.Select(k => k.ExampleId)));
        Assert.All(executor.Requests, r => Assert.All(r.Keys, k => Assert.Equal(r.Candidate.ContentHash, k.CandidateHash)));
        Assert.Contains(keys, k => k is { Stage: "seed", Iteration: 0, Split: "val" });
        Assert.Contains(keys, k => k is { Stage: "minibatch", Split: "train" });
        Assert.Contains(keys, k => k is { Stage: "validation", Split: "val" });
    }

    [Fact]
    public async Task Evaluate_SameExampleTwiceInOneIteration_GetsTheNextRepeat()
    {
        // Without the cache, a parent re-evaluated on its own minibatch in the same stage is a second rollout.
        var options = new GepaOptions { MaxMetricCalls = 120, ProposalSampling = new Gepa.Strategies.SameParentSampling(3), MinibatchSize = 6 };
        var executor = new RecordingExecutor(new LocalRolloutExecutor<ToyExample>(new ToyAdapter(false)));

        await RunAsync(new GepaOptimizer<ToyExample>(new ToyAdapter(false), new ToyReflectionChatClient(false), options, executor));

        var keys = executor.Requests.SelectMany(r => r.Keys).ToList();
        Assert.Contains(keys, k => k.Repeat > 0);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    private sealed class RecordingExecutor(IRolloutExecutor<ToyExample> inner) : IRolloutExecutor<ToyExample>
    {
        public List<RolloutRequest<ToyExample>> Requests { get; } = [];

        public Task<IReadOnlyList<RolloutOutcome>> ExecuteAsync(IReadOnlyList<RolloutRequest<ToyExample>> requests, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.AddRange(requests);
            }

            return inner.ExecuteAsync(requests, cancellationToken);
        }
    }
}
