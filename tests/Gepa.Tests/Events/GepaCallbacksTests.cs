namespace Gepa.Tests.Events;

public sealed class GepaCallbacksTests
{
    [Fact]
    public async Task Add_TwoObservers_BothRunInOrderEvenWhenTheFirstThrows()
    {
        var seen = new List<string>();
        var first = new GepaCallbacks { OnIterationStart = _ => throw new InvalidOperationException("first broke") };
        var second = new GepaCallbacks
        {
            OnIterationStart = a =>
            {
                seen.Add($"second {a.Iteration}");
                return ValueTask.CompletedTask;
            },
        };

        first.Add(second);

        var ex = await Assert.ThrowsAsync<AggregateException>(async () => await first.OnIterationStart!(new IterationStartArgs(3)));
        Assert.Equal(["second 3"], seen);
        Assert.Equal("first broke", Assert.Single(ex.InnerExceptions).Message);
    }

    [Fact]
    public void Add_OnlyOneSideHasAHandler_KeepsThatHandler()
    {
        Func<BudgetUpdatedArgs, ValueTask> handler = _ => ValueTask.CompletedTask;
        var callbacks = new GepaCallbacks().Add(new GepaCallbacks { OnBudgetUpdated = handler });

        Assert.Same(handler, callbacks.OnBudgetUpdated);
        Assert.Null(callbacks.OnMergeAccepted);
    }
}
