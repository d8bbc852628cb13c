using System.Net;
using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Chat;

public sealed class GepaRetryChatClientTests
{
    private static GepaRetryOptions FastOptions(List<ChatRetryArguments>? seen = null, TimeProvider? time = null) => new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        TimeProvider = time ?? TimeProvider.System,
        OnRetry = a =>
        {
            lock (seen ?? [])
            {
                seen?.Add(a);
            }

            return ValueTask.CompletedTask;
        },
    };

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task GetResponseAsync_TransientStatusThenSuccess_RetriesAndCounts(HttpStatusCode status)
    {
        var inner = new ScriptedChatClient
        {
            OnCall = (n, _, _, _) => n < 2 ? throw new HttpRequestException("boom", null, status) : Task.FromResult(ScriptedChatClient.Reply("done")),
        };
        var seen = new List<ChatRetryArguments>();
        using var sut = new GepaRetryChatClient(inner, FastOptions(seen));

        var response = await sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("done", response.Text);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, sut.RetryCount);
        Assert.All(seen, a => Assert.Equal((int)status, a.StatusCode));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task GetResponseAsync_PermanentStatus_FailsWithoutRetry(HttpStatusCode status)
    {
        var inner = new ScriptedChatClient { OnCall = (_, _, _, _) => throw new HttpRequestException("no", null, status) };
        using var sut = new GepaRetryChatClient(inner, FastOptions());

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(0, sut.RetryCount);
    }

    [Fact]
    public async Task GetResponseAsync_AlwaysFailing_ThrowsLastErrorAfterMaxRetries()
    {
        var inner = new ScriptedChatClient { OnCall = (n, _, _, _) => throw new TimeoutException($"attempt {n}") };
        using var sut = new GepaRetryChatClient(inner, FastOptions());

        var e = await Assert.ThrowsAsync<TimeoutException>(() => sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("attempt 3", e.Message);
        Assert.Equal(4, inner.Calls);
        Assert.Equal(3, sut.RetryCount);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_DoesNotRetry()
    {
        using var cts = new CancellationTokenSource();
        var inner = new ScriptedChatClient
        {
            OnCall = (_, _, _, ct) =>
            {
                cts.Cancel();
                ct.ThrowIfCancellationRequested();
                return Task.FromResult(ScriptedChatClient.Reply("x"));
            },
        };
        using var sut = new GepaRetryChatClient(inner, FastOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.GetResponseAsync("hi", cancellationToken: cts.Token));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterCapturedByHandler_WaitsThatLong()
    {
        // The provider SDK would send through an HttpClient that contains the capturing handler; this fake does the same.
        using var http = new HttpClient(new RetryAfterCapturingHandler(new StubHandler(HttpStatusCode.TooManyRequests, "7")));
        var inner = new ScriptedChatClient
        {
            OnCall = async (n, _, _, ct) =>
            {
                if (n == 0)
                {
                    using var r = await http.GetAsync(new Uri("http://127.0.0.1:9/"), ct);
                    throw new HttpRequestException("rate limited", null, r.StatusCode);
                }

                return ScriptedChatClient.Reply("ok");
            },
        };
        var time = new TimerWatchingTimeProvider();
        var seen = new List<ChatRetryArguments>();
        var options = FastOptions(seen, time);
        options.MaxDelay = TimeSpan.FromSeconds(30);
        using var sut = new GepaRetryChatClient(inner, options);

        var call = sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        // The retry's wait is a timer on the fake clock; advancing before it exists (the retry callback runs just before
        // it is made) would leave it to start from the advanced time.
        await time.WaitForTimersAsync(1, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(20, TestContext.Current.CancellationToken); // time for a wrongly early retry to show
        Assert.Equal(1, inner.Calls);
        time.Advance(TimeSpan.FromSeconds(0.2));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.Text);
        Assert.Equal(TimeSpan.FromSeconds(7), seen[0].Delay);
        Assert.Equal(TimeSpan.FromSeconds(7), seen[0].RetryAfter);
        Assert.Equal(429, seen[0].StatusCode);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterLongerThanCap_IsClamped()
    {
        using var http = new HttpClient(new RetryAfterCapturingHandler(new StubHandler(HttpStatusCode.ServiceUnavailable, "3600")));
        var inner = new ScriptedChatClient
        {
            OnCall = async (n, _, _, ct) =>
            {
                if (n == 0)
                {
                    using var r = await http.GetAsync(new Uri("http://127.0.0.1:9/"), ct);
                    throw new HttpRequestException("down", null, r.StatusCode);
                }

                return ScriptedChatClient.Reply("ok");
            },
        };
        var seen = new List<ChatRetryArguments>();
        var options = FastOptions(seen);
        options.MaxRetryAfter = TimeSpan.FromMilliseconds(10);
        using var sut = new GepaRetryChatClient(inner, options);

        await sut.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromMilliseconds(10), seen[0].Delay);
    }

    [Fact]
    public async Task GetResponseAsync_EachAttempt_GetsItsOwnOptionsCopy()
    {
        var inner = new ScriptedChatClient
        {
            OnCall = (n, _, o, _) =>
            {
                o!.Temperature = 99; // a provider that mutates what it is given
                return n == 0 ? throw new TimeoutException() : Task.FromResult(ScriptedChatClient.Reply("ok"));
            },
        };
        using var sut = new GepaRetryChatClient(inner, FastOptions());
        var options = new ChatOptions { Temperature = 0.5f };

        await sut.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);

        Assert.Equal(0.5f, options.Temperature);
        Assert.NotSame(inner.SeenOptions[0], inner.SeenOptions[1]);
    }

    [Fact]
    public void Constructor_NegativeRetries_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("MaxRetries", () => new GepaRetryChatClient(new ScriptedChatClient(), new GepaRetryOptions { MaxRetries = -1 }));

    private sealed class StubHandler(HttpStatusCode status, string retryAfter) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status);
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            return Task.FromResult(response);
        }
    }
}
