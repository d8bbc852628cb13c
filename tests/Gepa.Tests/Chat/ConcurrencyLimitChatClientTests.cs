using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Chat;

public sealed class ConcurrencyLimitChatClientTests
{
    private static ScriptedChatClient Slow() => new()
    {
        OnCall = async (_, _, _, ct) =>
        {
            await Task.Delay(20, ct);
            return ScriptedChatClient.Reply("ok");
        },
    };

    [Fact]
    public async Task GetResponseAsync_ManyParallelCalls_NeverMoreThanLimitInFlight()
    {
        var inner = Slow();
        var registry = new ConcurrencyLimiterRegistry();
        using var sut = new ChatClientBuilder(inner).UseConcurrencyLimit(registry, "m", 2).Build();

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Equal(12, inner.Calls);
        Assert.Equal(2, inner.MaxInFlight);
    }

    [Fact]
    public async Task GetResponseAsync_TwoPipelinesSameModelKey_ShareOneLimit()
    {
        var inner = Slow();
        var registry = new ConcurrencyLimiterRegistry();
        using var task = new ChatClientBuilder(inner).UseConcurrencyLimit(registry, "same-model", 3).Build();
        using var judge = new ChatClientBuilder(inner).UseConcurrencyLimit(registry, "same-model", 8).Build();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? task : judge).GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Equal(3, inner.MaxInFlight);
        Assert.Equal(3, registry.GetLimit("same-model"));
    }

    [Fact]
    public void GetOrCreate_ZeroSlots_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConcurrencyLimiterRegistry().GetOrCreate("m", 0));
}
