using Gepa.Simulation;

namespace Gepa.Tests.Events;

public sealed class GepaCallbacksTests
{
    [Fact]
    public async Task Add_TwoObservers_BothRunInOrderEvenWhenTheFirstThrows()
    {
        var seen = new List<string>();
        var first = new GepaCallbacks();
        first.OnIterationStart.Subscribe(_ => throw new InvalidOperationException("first broke"));
        var second = new GepaCallbacks();
        second.OnIterationStart.Subscribe(a =>
        {
            seen.Add($"second {a.Iteration}");
            return ValueTask.CompletedTask;
        });

        first.Add(second);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await first.OnIterationStart.InvokeAsync(new IterationStartArgs(3)));
        Assert.Equal(["second 3"], seen);
        Assert.Equal("first broke", ex.Message);
    }

    [Fact]
    public void Add_OnlyOneSideHasASubscriber_KeepsThatSubscriberOnly()
    {
        var other = new GepaCallbacks();
        other.OnBudgetUpdated.Subscribe(_ => ValueTask.CompletedTask);

        var callbacks = new GepaCallbacks().Add(other);

        Assert.Equal(1, callbacks.OnBudgetUpdated.SubscriberCount);
        Assert.False(callbacks.OnMergeAccepted.HasSubscribers);
    }

    [Fact]
    public async Task Subscribe_TwoSubscribers_BothGetEveryEventOfARun()
    {
        var world = new RuleWorld(new RuleWorldOptions { Modules = 1 });
        var options = new GepaOptions { MaxMetricCalls = 300, Seed = 1, ReflectionRetryDelay = TimeSpan.Zero };
        var first = new List<string>();
        var second = new List<string>();
        void Watch(List<string> log)
        {
            var cb = options.Callbacks;
            ValueTask Log(string what)
            {
                log.Add(what);
                return ValueTask.CompletedTask;
            }

            cb.OnOptimizationStart.Subscribe(_ => Log("start"));
            cb.OnIterationStart.Subscribe(a => Log($"iteration {a.Iteration}"));
            cb.OnBudgetUpdated.Subscribe(a => Log($"budget {a.Used}"));
            cb.OnCandidateAccepted.Subscribe(a => Log($"accepted {a.NewCandidateIndex}"));
            cb.OnCandidateRejected.Subscribe(a => Log($"rejected {a.Iteration}"));
            cb.OnCheckpoint.Subscribe(a => Log($"checkpoint {a.Iteration}"));
            cb.OnOptimizationEnd.Subscribe(a => Log($"end {a.TotalMetricCalls}"));
        }

        Watch(first);
        Watch(second);
        var optimizer = new GepaOptimizer<RuleWorldExample>(
            new RuleWorldAdapter(world, new RuleWorldTaskChatClient(world)),
            new RuleWorldReflectionChatClient(world),
            options);

        var result = await optimizer.OptimizeAsync(world.SeedCandidate(), world.Trainset, world.Valset, TestContext.Current.CancellationToken);

        Assert.Contains("start", first);
        Assert.Contains(first, e => e.StartsWith("accepted", StringComparison.Ordinal));
        Assert.Equal($"end {result.TotalMetricCalls}", first[^1]);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Subscribe_Disposed_StopsOnlyThatSubscription()
    {
        var events = new GepaEvent<int>();
        var seen = new List<string>();
        ValueTask Handler(int i)
        {
            seen.Add($"h{i}");
            return ValueTask.CompletedTask;
        }

        var one = events.Subscribe(Handler);
        using var two = events.Subscribe(Handler);
        await events.InvokeAsync(1);
        one.Dispose();
        one.Dispose();
        await events.InvokeAsync(2);

        Assert.Equal(["h1", "h1", "h2"], seen);
        Assert.Equal(1, events.SubscriberCount);
    }

    [Fact]
    public async Task InvokeAsync_TwoSubscribersThrow_AllRunAndBothAreReported()
    {
        var events = new GepaEvent<int>();
        var ran = 0;
        events.Subscribe(_ => throw new InvalidOperationException("a"));
        events.Subscribe(_ =>
        {
            ran++;
            return ValueTask.CompletedTask;
        });
        events.Subscribe(_ => throw new InvalidOperationException("b"));

        var ex = await Assert.ThrowsAsync<AggregateException>(async () => await events.InvokeAsync(0));

        Assert.Equal(1, ran);
        Assert.Equal(["a", "b"], ex.InnerExceptions.Select(e => e.Message));
    }
}
