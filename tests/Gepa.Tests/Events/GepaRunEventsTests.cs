using Gepa.Simulation;

namespace Gepa.Tests.Events;

public sealed class GepaRunEventsTests
{
    private static (GepaOptions Options, Func<CancellationToken, Task<GepaResult>> Run) RuleWorldRun(int budget)
    {
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1 });
        var options = new GepaOptions { MaxMetricCalls = budget, Seed = 2, ReflectionRetryDelay = TimeSpan.Zero };
        var optimizer = new GepaOptimizer<RuleWorldExample>(new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)), new RuleWorldReflectionChatClient(world), options);
        return (options, ct => optimizer.OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, ct));
    }

    [Fact]
    public async Task StreamAsync_ARun_YieldsItsEventsInOrderThenTheResult()
    {
        var (options, run) = RuleWorldRun(400);
        var seenBySubscriber = 0;
        options.Callbacks.OnCandidateAccepted.Subscribe(_ =>
        {
            seenBySubscriber++;
            return ValueTask.CompletedTask;
        });

        var events = new List<GepaRunEvent>();
        await foreach (var e in GepaRunEvents.StreamAsync(options.Callbacks, run, capacity: 1, cancellationToken: TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        var result = events[^1].Result!;
        Assert.Equal([GepaRunEventKind.OptimizationStarted, GepaRunEventKind.ValsetEvaluated], events.Take(2).Select(e => e.Kind));
        Assert.Equal([GepaRunEventKind.OptimizationEnded, GepaRunEventKind.Completed], events.TakeLast(2).Select(e => e.Kind));
        Assert.Equal(result.Candidates.Count - 1, events.Count(e => e.Kind == GepaRunEventKind.CandidateAccepted));
        Assert.Equal(seenBySubscriber, events.Count(e => e.Kind == GepaRunEventKind.CandidateAccepted));

        // The stream unsubscribed at its end; the other subscriber stays.
        Assert.Equal(1, options.Callbacks.OnCandidateAccepted.SubscriberCount);
        Assert.False(options.Callbacks.OnIterationStart.HasSubscribers);
    }

    [Fact]
    public async Task StreamAsync_ReaderStopsEarly_TheRunIsCancelledAndAwaited()
    {
        var (options, inner) = RuleWorldRun(5000);
        Task<GepaResult>? running = null;
        Task<GepaResult> Run(CancellationToken ct) => running = inner(ct);

        await foreach (var e in GepaRunEvents.StreamAsync(options.Callbacks, Run, cancellationToken: TestContext.Current.CancellationToken))
        {
            if (e.Kind == GepaRunEventKind.IterationStarted)
            {
                break;
            }
        }

        Assert.NotNull(running);
        Assert.True(running.IsCompleted);
        Assert.True((await running).TotalMetricCalls < 5000);
    }

    [Fact]
    public async Task StreamAsync_TheRunThrows_TheEventsBeforeComeThenTheException()
    {
        var callbacks = new GepaCallbacks();
        async Task<GepaResult> Run(CancellationToken ct)
        {
            await callbacks.OnIterationStart.InvokeAsync(new IterationStartArgs(1));
            throw new InvalidOperationException("adapter broke");
        }

        var kinds = new List<GepaRunEventKind>();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in GepaRunEvents.StreamAsync(callbacks, Run, cancellationToken: TestContext.Current.CancellationToken))
            {
                kinds.Add(item.Kind);
            }
        });

        Assert.Equal("adapter broke", e.Message);
        Assert.Equal([GepaRunEventKind.IterationStarted], kinds);
    }

    [Fact]
    public async Task StreamAsync_CapacityBelowOne_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var events = GepaRunEvents.StreamAsync(new GepaCallbacks(), _ => Task.FromResult<GepaResult>(null!), capacity: 0, cancellationToken: ct).GetAsyncEnumerator(ct);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await events.MoveNextAsync());
    }
}
