using Gepa.Tests.Engine.Golden;

namespace Gepa.Tests.Engine;

/// <summary>A transport failure (the model unreachable, the key refused) is never turned into a candidate's score, even
/// when the run scores adapter exceptions as failed examples.</summary>
public sealed class TransportFailureTests
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"];

    private static List<ToyExample> Examples(int n, int offset = 0) =>
        [.. Enumerable.Range(0, n).Select(i => new ToyExample(i, Words[(i + offset) % Words.Length], "instructions"))];

    private static Task<GepaResult> RunAsync(GepaOptions options, IGepaAdapter<ToyExample> adapter) =>
        new GepaOptimizer<ToyExample>(adapter, new ToyReflectionChatClient(false), options)
            .OptimizeAsync(Candidate.FromText("instructions", "start"), Examples(6), Examples(6, 2), TestContext.Current.CancellationToken);

    [Fact]
    public async Task OptimizeAsync_TransportFailureWhileScoringExceptionsAsFailures_StopsTheRunInsteadOfScoring()
    {
        var adapter = new FailingAdapter(new ToyAdapter(false), failOnCall: 2, () => new ModelTransportException("task", "The task model failed: connection refused", new HttpRequestException("connection refused")));

        var ex = await Assert.ThrowsAsync<GepaEvaluationException>(() => RunAsync(new GepaOptions { MaxMetricCalls = 60, ScoreAdapterExceptionsAsFailures = true }, adapter));

        Assert.True(ModelTransportException.IsTransportFailure(ex));
        Assert.Equal(2, adapter.Calls); // nothing was evaluated after the failure
    }

    [Fact]
    public async Task OptimizeAsync_OtherFailureWhileScoringExceptionsAsFailures_StillScoresIt()
    {
        var adapter = new FailingAdapter(new ToyAdapter(false), failOnCall: 2, () => new InvalidOperationException("boom"));

        var result = await RunAsync(new GepaOptions { MaxMetricCalls = 60, ScoreAdapterExceptionsAsFailures = true }, adapter);

        Assert.True(adapter.Calls > 2);
        Assert.True(result.TotalMetricCalls <= 60);
    }

    private sealed class FailingAdapter(IGepaAdapter<ToyExample> inner, int failOnCall, Func<Exception> failure) : IGepaAdapter<ToyExample>
    {
        public int Calls { get; private set; }

        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ToyExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken) =>
            ++Calls == failOnCall ? throw failure() : inner.EvaluateAsync(batch, candidate, captureTraces, cancellationToken);

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ToyExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
        {
            if (evaluation.Traces is { Count: > 0 } traces && traces[0] is EvaluationFailure f)
            {
                var dataset = new ReflectiveDataset();
                dataset.Add(components[0], [new ReflectiveRecord { ["Inputs"] = "?", ["Generated Outputs"] = "0.0", ["Feedback"] = f.Message }]);
                return ValueTask.FromResult(dataset);
            }

            return inner.BuildReflectiveDatasetAsync(candidate, batch, evaluation, components, cancellationToken);
        }
    }
}
