using System.Net;
using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Tests.Chat;

/// <summary>The embedding retry stage: the chat stage's policy (which failures, how many, how long) applied to
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
public sealed class GepaRetryEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task GenerateAsync_TransientStatusThenSuccess_RetriesAndCounts(HttpStatusCode status)
    {
        var inner = new ScriptedEmbeddingGenerator((n, _) => n < 2 ? throw new HttpRequestException("boom", null, status) : null);
        var seen = new List<ChatRetryArguments>();
        using var sut = new GepaRetryEmbeddingGenerator(inner, FastOptions(seen));

        var result = await sut.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal(2, result.Count);
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, sut.RetryCount);
        Assert.All(seen, a => Assert.Equal((int)status, a.StatusCode));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task GenerateAsync_PermanentStatus_FailsWithoutRetry(HttpStatusCode status)
    {
        var inner = new ScriptedEmbeddingGenerator((_, _) => throw new HttpRequestException("no", null, status));
        using var sut = new GepaRetryEmbeddingGenerator(inner, FastOptions());

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => sut.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(0, sut.RetryCount);
    }

    [Fact]
    public async Task GenerateAsync_AlwaysFailing_ThrowsLastErrorAfterMaxRetries()
    {
        var inner = new ScriptedEmbeddingGenerator((n, _) => throw new TimeoutException($"attempt {n}"));
        using var sut = new GepaRetryEmbeddingGenerator(inner, FastOptions());

        var e = await Assert.ThrowsAsync<TimeoutException>(() => sut.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal("attempt 3", e.Message);
        Assert.Equal(4, inner.Calls);
        Assert.Equal(3, sut.RetryCount);
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterCapturedByHandler_WaitsThatLong()
    {
        // The provider SDK would send through an HttpClient that contains the capturing handler; this fake does the same.
        using var http = new HttpClient(new RetryAfterCapturingHandler(new RetryAfterStub(HttpStatusCode.TooManyRequests, "7")));
        var inner = new ScriptedEmbeddingGenerator(async (n, ct) =>
        {
            if (n == 0)
            {
                using var r = await http.GetAsync(new Uri("http://127.0.0.1:9/"), ct);
                throw new HttpRequestException("rate limited", null, r.StatusCode);
            }
        });
        var time = new TimerWatchingTimeProvider();
        var seen = new List<ChatRetryArguments>();
        var options = FastOptions(seen, time);
        options.MaxDelay = TimeSpan.FromSeconds(30);
        using var sut = new GepaRetryEmbeddingGenerator(inner, options);

        var call = sut.GenerateAsync(["a"], cancellationToken: Ct);
        // The retry's wait is a timer on the fake clock; advancing before it exists (the retry callback runs just before
        // it is made) would leave it to start from the advanced time.
        await time.WaitForTimersAsync(1, Ct);
        time.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(20, Ct); // time for a wrongly early retry to show
        Assert.Equal(1, inner.Calls);
        time.Advance(TimeSpan.FromSeconds(0.2));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Single(result);
        Assert.Equal(TimeSpan.FromSeconds(7), seen[0].Delay);
        Assert.Equal(TimeSpan.FromSeconds(7), seen[0].RetryAfter);
    }

    [Fact]
    public async Task GenerateAsync_LazyValues_EveryAttemptEmbedsTheSameTexts()
    {
        var inner = new ScriptedEmbeddingGenerator((n, _) => n == 0 ? throw new TimeoutException() : null);
        using var sut = new GepaRetryEmbeddingGenerator(inner, FastOptions());
        var produced = 0;

        await sut.GenerateAsync(Lazy(), cancellationToken: Ct);

        Assert.Equal(2, produced);
        Assert.Equal(["x", "y"], inner.Seen[0]);
        Assert.Equal(["x", "y"], inner.Seen[1]);

        IEnumerable<string> Lazy()
        {
            produced++;
            yield return "x";
            produced++;
            yield return "y";
        }
    }

    [Fact]
    public void Constructor_NegativeRetries_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("MaxRetries", () => new GepaRetryEmbeddingGenerator(new ScriptedEmbeddingGenerator((_, _) => null), new GepaRetryOptions { MaxRetries = -1 }));

    /// <summary>Answers one unit vector per text, after running the script for the call's number (0 first), which may
    /// throw.</summary>
    private sealed class ScriptedEmbeddingGenerator(Func<int, CancellationToken, Task?> script) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<string[]> Seen { get; } = [];

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToArray();
            lock (Seen)
            {
                Seen.Add(texts);
            }

            var n = Interlocked.Increment(ref _calls) - 1;
            if (script(n, cancellationToken) is { } step)
            {
                await step;
            }

            return [.. texts.Select(_ => new Embedding<float>(new float[] { 1, 0 }))];
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class RetryAfterStub(HttpStatusCode status, string retryAfter) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status);
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            return Task.FromResult(response);
        }
    }
}
