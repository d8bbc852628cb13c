using Gepa.Tests.Engine.Golden;

// Not Gepa.Tests.Evaluation: a namespace of that name would hide the Gepa.Evaluation type from every test.
namespace Gepa.Tests.Rollouts;

public sealed class LocalRolloutExecutorTests
{
    private static RolloutRequest<ToyExample> Request(string text, params int[] ids) =>
        new(Candidate.FromText("instructions", text), [.. ids.Select(i => new ToyExample(i, "alpha", "instructions"))], [.. ids.Select(i => new RolloutKey("r", 1, "minibatch", "h", "train", i, 0))], true);

    [Fact]
    public async Task ExecuteAsync_SeveralRequests_ReturnsOneOutcomePerRequestInOrder()
    {
        var executor = new LocalRolloutExecutor<ToyExample>(new ToyAdapter(false));

        var outcomes = await executor.ExecuteAsync([Request("alpha", 0, 1), Request("beta", 2)], TestContext.Current.CancellationToken);

        Assert.Equal(2, outcomes.Count);
        Assert.Equal([1.0, 1.0], outcomes[0].Batch!.Scores);
        Assert.Equal([0.0], outcomes[1].Batch!.Scores);
    }

    [Fact]
    public async Task ExecuteAsync_AdapterThrows_ReturnsTheErrorForTheEvaluatorsPolicy()
    {
        var executor = new LocalRolloutExecutor<ToyExample>(new ThrowingAdapter());

        var outcome = Assert.Single(await executor.ExecuteAsync([Request("alpha", 0)], TestContext.Current.CancellationToken));

        Assert.Null(outcome.Batch);
        Assert.IsType<InvalidOperationException>(outcome.Error);
    }

    private sealed class ThrowingAdapter : IGepaAdapter<ToyExample>
    {
        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("down");

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
