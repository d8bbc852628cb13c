// Not Gepa.Tests.Evaluation: a namespace of that name would hide the Gepa.Evaluation type from every test.
namespace Gepa.Tests.Rollouts;

public sealed class EvaluationCacheTests
{
    private static EvaluationBatch Batch(int n, bool traces) =>
        new([.. Enumerable.Range(0, n).Select(i => i / 10.0)], [.. Enumerable.Range(0, n).Select(i => (object?)$"out{i}")], traces ? [.. Enumerable.Range(0, n).Select(i => (object?)$"trace{i}")] : null);

    [Fact]
    public void TryGet_EntryWithoutTraceWhenATraceIsNeeded_IsAMiss()
    {
        var cache = new EvaluationCache();
        var c = Candidate.FromText("p", "x");
        cache.Put(c, "train", [0], Batch(1, traces: false));

        Assert.True(cache.TryGet(c, "train", 0, needTrace: false, out _));
        Assert.False(cache.TryGet(c, "train", 0, needTrace: true, out _));
    }

    [Fact]
    public void Put_WithoutTraceOverAnEntryWithTrace_KeepsTheTrace()
    {
        var cache = new EvaluationCache();
        var c = Candidate.FromText("p", "x");
        cache.Put(c, "train", [0], Batch(1, traces: true));

        cache.Put(c, "train", [0], Batch(1, traces: false));

        Assert.True(cache.TryGet(c, "train", 0, needTrace: true, out var hit));
        Assert.Equal("trace0", hit.Trace);
    }

    [Fact]
    public void TryGet_OtherSplitOrCandidate_IsAMiss()
    {
        var cache = new EvaluationCache();
        cache.Put(Candidate.FromText("p", "x"), "train", [0], Batch(1, traces: true));

        Assert.False(cache.TryGet(Candidate.FromText("p", "x"), "val", 0, false, out _));
        Assert.False(cache.TryGet(Candidate.FromText("p", "y"), "train", 0, false, out _));
    }

    [Fact]
    public async Task PutAndTryGet_ManyThreads_LoseNothing()
    {
        var cache = new EvaluationCache();
        var candidates = Enumerable.Range(0, 16).Select(i => Candidate.FromText("p", $"text {i}")).ToArray();

        await Parallel.ForEachAsync(Enumerable.Range(0, 16 * 50), TestContext.Current.CancellationToken, (n, ct) =>
        {
            var c = candidates[n % 16];
            cache.Put(c, "val", [n / 16], Batch(1, traces: n % 2 == 0));
            Assert.True(cache.TryGet(c, "val", n / 16, needTrace: false, out CachedEvaluation _));
            return ValueTask.CompletedTask;
        });

        Assert.Equal(16 * 50, cache.Count);
    }
}
