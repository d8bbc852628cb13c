using System.Diagnostics;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;
using Gepa.Cli.Tests.Loopback;
using Microsoft.Extensions.AI;
using Xunit;

namespace Gepa.Cli.Tests.Providers;

/// <summary>The embedding generators of the <c>embedding-model</c> section against the loopback server's
/// <c>/v1/embeddings</c> and <c>/api/embed</c> routes: vectors through each SDK, failures that stop instead of scoring,
/// and the key kept out of every message.</summary>
public sealed class EmbeddingGeneratorFactoryTests : IAsyncLifetime
{
    private const string Secret = "sk-test-EMBED-0123456789abcdef";
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackLlmServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ModelConfig Model(string provider, int retries = 1, string? keyEnv = "EMBED_KEY") => new()
    {
        Role = ConfigSchema.EmbeddingRole,
        Section = ConfigSchema.EmbeddingSection,
        Provider = provider,
        Model = "embed-model",
        BaseUrl = provider == "ollama" ? _server.BaseUri : new Uri(_server.BaseUri, "v1"),
        ApiKeyEnv = keyEnv,
        Retries = retries,
        Timeout = TimeSpan.FromSeconds(20),
    };

    private static IEmbeddingGenerator<string, Embedding<float>> Create(ModelConfig? model) =>
        EmbeddingGeneratorFactory.Create(model, name => name == "EMBED_KEY" ? Secret : null, TimeSpan.FromMilliseconds(1));

    [Theory]
    [InlineData("openai-compatible", "/v1/embeddings")]
    [InlineData("ollama", "/api/embed")]
    public async Task Create_LoopbackProvider_ReturnsTheServersVectorsAndNamesItself(string provider, string route)
    {
        using var generator = Create(Model(provider, keyEnv: provider == "ollama" ? null : "EMBED_KEY"));

        var result = await generator.GenerateAsync(["capital of France", "capital of Peru"], cancellationToken: Ct);

        Assert.Equal(LoopbackLlmServer.FakeEmbedding("capital of France"), result[0].Vector.ToArray());
        Assert.Equal(LoopbackLlmServer.FakeEmbedding("capital of Peru"), result[1].Vector.ToArray());
        Assert.EndsWith(route, Assert.Single(_server.Requests).Path, StringComparison.Ordinal);
        var metadata = (EmbeddingGeneratorMetadata)generator.GetService(typeof(EmbeddingGeneratorMetadata))!;
        Assert.Equal($"{provider}/embed-model", $"{metadata.ProviderName}/{metadata.DefaultModelId}");
    }

    [Fact]
    public void Create_NoModel_IsTheHashedEmbedder() =>
        Assert.IsType<HashedEmbeddingGenerator>(Create(null));

    [Fact]
    public void Create_KeyVariableUnset_OneLineNamingTheVariable()
    {
        var e = Assert.Throws<ProviderException>(() => Create(Model("openai-compatible", keyEnv: "MISSING_KEY")));

        Assert.Contains("embedding-model.api-key-env: the environment variable MISSING_KEY is not set", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "refused the credentials (HTTP 401)", 1)]
    [InlineData(500, "the server failed (HTTP 500) after 1 retry", 2)]
    [InlineData(429, "still rate limited (HTTP 429) after 1 retry", 2)]
    public async Task GenerateAsync_FailingEndpoint_ThrowsATransportFailureNamingProviderAndEndpoint(int status, string what, int calls)
    {
        _server.Responder = _ => new FakeReply { Status = status, ErrorBody = "{\"error\":{\"message\":\"bad key " + Secret + "\"}}" };
        using var generator = Create(Model("openai-compatible"));

        var e = await Assert.ThrowsAsync<ModelTransportException>(() => generator.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Equal(ConfigSchema.EmbeddingRole, e.Role);
        Assert.StartsWith($"embedding model (openai-compatible 'embed-model' at {_server.BaseUri}v1): ", e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.Equal(calls, _server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_429WithRetryAfter_OneRetryAfterTheServersWait()
    {
        // The first retry's own backoff is 1 ms (Create), so a second between the two requests can only be the server's
        // Retry-After.
        var arrivals = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        _server.Responder = _ =>
        {
            lock (arrivals)
            {
                arrivals.Add(clock.Elapsed);
                return arrivals.Count == 1 ? FakeReply.Error(429, retryAfter: "1") : new FakeReply();
            }
        };
        using var generator = Create(Model("openai-compatible", retries: 3));

        var result = await generator.GenerateAsync(["capital of France"], cancellationToken: Ct);

        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(0.95), $"waited only {arrivals[1] - arrivals[0]}");
        Assert.Equal(LoopbackLlmServer.FakeEmbedding("capital of France"), result[0].Vector.ToArray());
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(1, generator.GetService<GepaRetryEmbeddingGenerator>()!.RetryCount);
    }

    [Fact]
    public async Task GenerateAsync_500BeyondTheRetries_OneErrorThatNeverBecomesASimilarity()
    {
        _server.Responder = _ => new FakeReply { Status = 500, ErrorBody = "{\"error\":{\"message\":\"down, key " + Secret + "\"}}" };
        using var generator = Create(Model("openai-compatible", retries: 2));
        var metric = new SemanticSimilarityMetric(generator);

        var e = await Assert.ThrowsAsync<ModelTransportException>(async () => await metric.ScoreAsync(new ChatExample("e1", "q", "Paris"), "Paris", Ct));

        Assert.Equal($"embedding model (openai-compatible 'embed-model' at {_server.BaseUri}v1): the server failed (HTTP 500) after 2 retries", e.Message);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal(2, generator.GetService<GepaRetryEmbeddingGenerator>()!.RetryCount);
    }

    [Fact]
    public async Task GenerateAsync_400_NotRetriedAndTheEchoedKeyMasked()
    {
        _server.Responder = _ => new FakeReply { Status = 400, ErrorBody = "{\"error\":{\"message\":\"input too long for key " + Secret + "\"}}" };
        using var generator = Create(Model("openai-compatible", retries: 3));

        var e = await Assert.ThrowsAsync<ModelTransportException>(() => generator.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Contains("the request was rejected (HTTP 400)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
        Assert.Equal(0, generator.GetService<GepaRetryEmbeddingGenerator>()!.RetryCount);
    }

    [Fact]
    public async Task GenerateAsync_SlowReply_TimedOutAndRetried()
    {
        _server.Enqueue(new FakeReply { Delay = TimeSpan.FromSeconds(30) });
        using var generator = Create(Model("openai-compatible", retries: 1) with { Timeout = TimeSpan.FromMilliseconds(300) });

        var result = await generator.GenerateAsync(["x"], cancellationToken: Ct);

        Assert.Single(result);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_MalformedReply_NeverAVector()
    {
        _server.Responder = _ => FakeReply.BadJson();
        using var generator = Create(Model("openai-compatible", retries: 0));

        var e = await Assert.ThrowsAsync<ModelTransportException>(() => generator.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ServerUnreachable_SaysSo()
    {
        var model = Model("ollama", retries: 0, keyEnv: null) with { BaseUrl = new Uri("http://127.0.0.1:1/") };
        using var generator = Create(model);

        var e = await Assert.ThrowsAsync<ModelTransportException>(() => generator.GenerateAsync(["x"], cancellationToken: Ct));

        Assert.Contains("cannot reach the server", e.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hashed", null, null, true, null)]
    [InlineData("ollama:nomic-embed-text", null, null, true, "ollama/nomic-embed-text/")]
    [InlineData("openai:text-embedding-3-small", null, null, true, "openai/text-embedding-3-small/OPENAI_API_KEY")]
    [InlineData("openai-compatible:e5", "http://localhost:8000/v1", "MY_KEY", true, "openai-compatible/e5/MY_KEY")]
    [InlineData("openai-compatible:e5", null, null, false, "needs --embedder-url")]
    [InlineData("minilm", null, null, false, "--embedder must be hashed or one of")]
    [InlineData("ollama:", null, null, false, "--embedder must be hashed or one of")]
    [InlineData("ollama:x", "ftp://host", null, false, "is not an http or https URL")]
    [InlineData("openai:x", null, "sk-abc-123!", false, "must be the NAME of an environment variable")]
    [InlineData("hashed", "http://localhost:1", null, false, "takes no --embedder-url")]
    public void TryParseOption_Choice_ParsesOrSaysWhy(string text, string? url, string? keyEnv, bool ok, string? expected)
    {
        var parsed = EmbeddingGeneratorFactory.TryParseOption(text, url, keyEnv, out var model, out var error);

        Assert.Equal(ok, parsed);
        if (ok)
        {
            Assert.Null(error);
            Assert.Equal(expected, model is null ? null : $"{model.Provider}/{model.Model}/{model.ApiKeyEnv}");
        }
        else
        {
            Assert.Contains(expected!, error, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-abc-123", error, StringComparison.Ordinal);
        }
    }
}
