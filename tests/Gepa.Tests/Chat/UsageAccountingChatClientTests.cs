using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Chat;

public sealed class UsageAccountingChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_CallsPerRole_TokensAndCostAccumulate()
    {
        var tracker = new ChatUsageTracker();
        var inner = new ScriptedChatClient { OnCall = (_, _, _, _) => Task.FromResult(ScriptedChatClient.Reply("x", input: 1000, output: 200)) };
        using var task = new ChatClientBuilder(inner).UseUsageAccounting(tracker, ChatRoles.Task, new ModelPrice(1.0m, 4.0m)).Build();
        using var reflection = new ChatClientBuilder(inner).UseUsageAccounting(tracker, ChatRoles.Reflection).Build();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => task.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));
        await reflection.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        var snapshot = tracker.Snapshot();
        var t = snapshot.For(ChatRoles.Task);
        Assert.Equal(50, t.Calls);
        Assert.Equal(50_000, t.InputTokens);
        Assert.Equal(10_000, t.OutputTokens);
        Assert.Equal(0.05m + 0.04m, t.Cost);
        var r = snapshot.For(ChatRoles.Reflection);
        Assert.Equal(1, r.Calls);
        Assert.Null(r.Cost);
        Assert.Equal(0.09m, snapshot.TotalCost);
        Assert.Equal(51_000, snapshot.TotalInputTokens);
        Assert.Equal(0, snapshot.For(ChatRoles.Judge).Calls);
    }

    [Fact]
    public async Task GetResponseAsync_Failure_CountedAsFailedCall()
    {
        var tracker = new ChatUsageTracker();
        var inner = new ScriptedChatClient { OnCall = (_, _, _, _) => throw new HttpRequestException("down") };
        using var sut = new ChatClientBuilder(inner).UseUsageAccounting(tracker, ChatRoles.Judge).Build();

        await Assert.ThrowsAsync<HttpRequestException>(() => sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(1, tracker.Snapshot().For(ChatRoles.Judge).FailedCalls);
        Assert.Equal(0, tracker.Snapshot().For(ChatRoles.Judge).Calls);
    }

    [Fact]
    public void CostOf_MillionTokens_IsThePrice() => Assert.Equal(3.5m, new ModelPrice(1.5m, 2m).CostOf(1_000_000, 1_000_000));
}
