namespace Gepa.Tests.OptimizeAnything;

public sealed class EvaluationServerTests
{
    private static readonly Candidate Text = Candidate.FromText(OptimizeAnythingConstants.TextComponent, "x");

    [Fact]
    public async Task EvaluateAsync_BudgetSpent_RefusesAndFailedEvaluationsCount()
    {
        var n = 0;
        using var server = EvaluationServer.Create((c, ctx) => ++n == 1 ? throw new InvalidOperationException("boom") : ValueTask.FromResult<Evaluation>(0.5), null, new OptimizeAnythingOptions { MaxEvaluations = 2 });

        var failed = await server.EvaluateAsync(Text, null, TestContext.Current.CancellationToken);
        var ok = await server.EvaluateAsync(Text, null, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<EvaluationBudgetExhaustedException>(() => server.EvaluateAsync(Text, null, TestContext.Current.CancellationToken));

        Assert.True(failed.Failed);
        Assert.Equal(0, failed.Score);
        Assert.StartsWith("InvalidOperationException: boom", (string)failed.Info[SideInfoKeys.Error]!, StringComparison.Ordinal);
        Assert.Equal(0.5, ok.Score);
        Assert.Equal(new EvaluationServerStatus(2, 2, 1, 0.5), server.Status);
        Assert.True(server.Status.Exhausted);
        Assert.Equal(2, n);
    }

    [Fact]
    public async Task EvaluateExamplesAsync_BatchLargerThanWhatIsLeft_IsRefusedWhole()
    {
        var calls = 0;
        using var server = EvaluationServer.Create((Candidate c, int x, EvaluationContext ctx) => { calls++; return ValueTask.FromResult<Evaluation>(x); }, [1, 2, 3], null, null, new OptimizeAnythingOptions { MaxEvaluations = 2 });

        await Assert.ThrowsAsync<EvaluationBudgetExhaustedException>(() => server.EvaluateExamplesAsync(Text, null, TestContext.Current.CancellationToken));
        var two = await server.EvaluateExamplesAsync(Text, ["train_2", "train_0"], TestContext.Current.CancellationToken);

        Assert.Equal(0, server.Status.Remaining);
        Assert.Equal(2, calls);
        Assert.Equal([3.0, 1.0], two.Evaluations.Select(e => e.Score));
        Assert.Equal(2.0, two.AverageScore);
    }

    [Fact]
    public async Task EvaluateAsync_UnknownExample_IsRefusedWithoutSpending()
    {
        using var server = EvaluationServer.Create((Candidate c, int x, EvaluationContext ctx) => ValueTask.FromResult<Evaluation>(x), [1], null, null, new OptimizeAnythingOptions { MaxEvaluations = 2 });

        await Assert.ThrowsAsync<KeyNotFoundException>(() => server.EvaluateAsync(Text, "test_0", TestContext.Current.CancellationToken));
        Assert.Equal(0, server.Status.Used);
    }

    [Fact]
    public async Task EvaluateExamplesAsync_ManyExamples_NeverRunsMoreThanMaxConcurrencyAtOnce()
    {
        var running = 0;
        var peak = 0;
        using var server = EvaluationServer.Create(async (Candidate c, int x, EvaluationContext ctx) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, ctx.CancellationToken);
            Interlocked.Decrement(ref running);
            return 1;
        }, [.. Enumerable.Range(0, 12)], null, null, new OptimizeAnythingOptions { MaxEvaluations = 12, MaxConcurrency = 3 });

        await server.EvaluateExamplesAsync(Text, null, TestContext.Current.CancellationToken);

        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task EvaluateAsync_Cancelled_Propagates()
    {
        using var cts = new CancellationTokenSource();
        using var server = EvaluationServer.Create(async (c, ctx) =>
        {
            await cts.CancelAsync();
            ctx.CancellationToken.ThrowIfCancellationRequested();
            return 1;
        }, null, new OptimizeAnythingOptions { MaxEvaluations = 2 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.EvaluateAsync(Text, null, cts.Token));
        Assert.Equal(1, server.Status.Used);
    }

    [Fact]
    public async Task EvaluateAsync_RunDirectory_WritesEachEvaluationAndResumesTheCount()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gepa-oa-server-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new OptimizeAnythingOptions { MaxEvaluations = 3, RunDirectory = dir };
            using (var server = EvaluationServer.Create((c, ctx) => ValueTask.FromResult(new Evaluation(0.25, new SideInfo().Feedback("ok"))), null, options))
            {
                await server.EvaluateAsync(Text, null, TestContext.Current.CancellationToken);
                await server.EvaluateAsync(Text, null, TestContext.Current.CancellationToken);
            }

            Assert.Contains("\"Feedback\": \"ok\"", File.ReadAllText(Path.Combine(dir, "evals", "000002.json")), StringComparison.Ordinal);
            using var reopened = EvaluationServer.Create((c, ctx) => ValueTask.FromResult<Evaluation>(1), null, options);
            Assert.Equal(2, reopened.Status.Used);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Create_BadOption_NamesItAndItsRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EvaluationServer.Create((c, ctx) => ValueTask.FromResult<Evaluation>(1), null, new OptimizeAnythingOptions { MaxConcurrency = 0 }));
        Assert.Contains("MaxConcurrency must be between 1 and 1024", e.Message, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
