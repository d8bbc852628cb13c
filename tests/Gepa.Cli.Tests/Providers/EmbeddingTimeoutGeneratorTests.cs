using Gepa.Cli.Providers;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Tests.Providers;

/// <summary>The per-attempt timeout of the tool's embedder: a call slower than the limit is a <see cref="TimeoutException"/>
/// (which the retry stage retries), the caller's own cancellation stays cancellation.</summary>
public sealed class EmbeddingTimeoutGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_SlowerThanTheLimit_TimeoutExceptionSayingHowLong()
    {
        using var sut = new EmbeddingTimeoutGenerator(new HangingGenerator(), TimeSpan.FromMilliseconds(50));

        var e = await Assert.ThrowsAsync<TimeoutException>(() => sut.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Equal("no reply within 0.05s", e.Message);
        Assert.True(TransientFailure.IsTransient(e));
    }

    [Fact]
    public async Task GenerateAsync_CallerCancels_CancellationNotATimeout()
    {
        using var sut = new EmbeddingTimeoutGenerator(new HangingGenerator(), TimeSpan.FromSeconds(30));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(50);

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.GenerateAsync(["x"], cancellationToken: cts.Token));

        Assert.IsNotType<TimeoutException>(e.InnerException);
    }

    [Fact]
    public async Task GenerateAsync_InTime_TheInnerVectors()
    {
        using var sut = new EmbeddingTimeoutGenerator(new HashedEmbeddingGenerator(), TimeSpan.FromSeconds(30));

        var result = await sut.GenerateAsync(["capital of France"], cancellationToken: Ct);

        Assert.Single(result);
    }

    /// <summary>Never answers; only its token ends the call.</summary>
    private sealed class HangingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
