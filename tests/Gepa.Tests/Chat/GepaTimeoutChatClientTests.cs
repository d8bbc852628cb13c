using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gepa.Tests.Chat;

public sealed class GepaTimeoutChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_SlowCall_ThrowsTimeoutNamingTheLimit()
    {
        var time = new FakeTimeProvider();
        var inner = new ScriptedChatClient
        {
            OnCall = async (_, _, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return ScriptedChatClient.Reply("never");
            },
        };
        using var sut = new GepaTimeoutChatClient(inner, TimeSpan.FromSeconds(30), time);

        var call = sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(31));
        var e = await Assert.ThrowsAsync<TimeoutException>(() => call);

        Assert.Contains("30 s", e.Message, StringComparison.Ordinal);
        Assert.True(TransientFailure.IsTransient(e));
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_IsCancellationNotTimeout()
    {
        using var cts = new CancellationTokenSource();
        var inner = new ScriptedChatClient
        {
            OnCall = async (_, _, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return ScriptedChatClient.Reply("never");
            },
        };
        using var sut = new GepaTimeoutChatClient(inner, TimeSpan.FromSeconds(30), new FakeTimeProvider());

        var call = sut.GetResponseAsync("hi", cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task GetResponseAsync_FastCall_ReturnsResponse()
    {
        using var sut = new GepaTimeoutChatClient(new ScriptedChatClient(), TimeSpan.FromSeconds(1));
        Assert.Equal("ok", (await sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken)).Text);
    }

    [Fact]
    public async Task Pipeline_TimeoutInsideRetry_TimedOutAttemptIsRetried()
    {
        var inner = new ScriptedChatClient
        {
            OnCall = async (n, _, _, ct) =>
            {
                if (n == 0)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return ScriptedChatClient.Reply("second try");
            },
        };
        using var sut = new ChatClientBuilder(inner)
            .UseGepaRetry(new GepaRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) })
            .UseGepaTimeout(TimeSpan.FromMilliseconds(50))
            .Build();

        var response = await sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("second try", response.Text);
        Assert.Equal(1, sut.GetService<GepaRetryChatClient>()!.RetryCount);
    }
}
