using System.Text.Json.Nodes;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Running;

/// <summary>The <c>embedding-model</c> section end to end against the loopback server's <c>/v1/embeddings</c>: memory
/// retrieval and the semantic metric embed through it, a bank refuses another embedder, a failing endpoint stops the step
/// in one line, and the key reaches no file.</summary>
public sealed class EmbeddingModelRunTests : IAsyncLifetime
{
    private readonly CliHarness _h = new();
    private LoopbackLlmServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackCli.StartAsync(_h, CapitalQuiz.AllCapitals, new ChatPromptTaskSetup());

    public ValueTask DisposeAsync() => LoopbackCli.StopAsync(_server, _h);

    private string Embedding => $"""

        embedding-model:
          provider: openai-compatible
          base-url: {_server.BaseUri}v1
          model: embed-model
          api-key-env: GEPA_TEST_KEY
          retries: 1
        """;

    private const string Memory = """

        memory:
          enabled: true
          bank: m.db
          retrieval: {floor: -1}
          start: {task-floor: -1}
        """;

    private int EmbeddingCalls => _server.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));

    private void WriteConfig(string name, params string[] sections) => _h.Write(name, Configs.Valid(_server.BaseUri) + string.Concat(sections));

    private void AssertNoFileHoldsTheKey()
    {
        foreach (var file in Directory.EnumerateFiles(_h.Root, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Configs.Secret, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Optimize_MemoryWithAnEmbeddingModel_EmbedsThroughTheServerAndTheBankRecordsIt()
    {
        WriteConfig("gepa.yaml", Memory, Embedding);

        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "a", "--quiet", "--set", "memory.task=a") == 0, _h.Error);
        var afterFirst = EmbeddingCalls;
        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "b", "--quiet", "--set", "memory.task=b") == 0, _h.Error);

        Assert.True(afterFirst > 0);
        Assert.True(EmbeddingCalls > afterFirst, "the second run retrieves through the server");
        Assert.All(_server.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)), r => Assert.Equal("embed-model", r.Json["model"]!.GetValue<string>()));
        Assert.True(File.Exists(_h.Path("b/" + MemoryRun.StartFileName)));
        using (var bank = MemoryBank.Open(_h.Path("m.db"), new HashedEmbeddingGenerator()))
        {
            Assert.Equal("openai-compatible:embed-model", bank.RecordedEmbedderName);
            Assert.Equal(LoopbackLlmServer.EmbeddingDimensions, bank.RecordedEmbedderDimensions);
        }

        Assert.Equal(0, await _h.RunAsync("memory", "list", "--config", "gepa.yaml"));
        Assert.Contains($"embedded with openai-compatible:embed-model ({LoopbackLlmServer.EmbeddingDimensions} dimensions)", _h.Out, StringComparison.Ordinal);
        Assert.Equal(0, await _h.RunAsync("memory", "show", "1", "--bank", "m.db", "--embedder", "openai-compatible:embed-model", "--embedder-url", _server.BaseUri + "v1", "--embedder-key-env", "GEPA_TEST_KEY"));
        AssertNoFileHoldsTheKey();
    }

    [Fact]
    public async Task Optimize_BankBuiltWithAnotherEmbedder_RefusedInOneLineNamingBoth()
    {
        WriteConfig("gepa.yaml", Memory, Embedding);
        WriteConfig("hashed.yaml", Memory);
        Assert.True(await _h.RunAsync("optimize", "gepa.yaml", "--out", "a", "--quiet", "--set", "memory.task=a") == 0, _h.Error);

        var code = await _h.RunAsync("optimize", "hashed.yaml", "--out", "b", "--quiet", "--set", "memory.task=b");

        Assert.Equal(1, code);
        var line = Assert.Single(_h.ErrorLines);
        Assert.Contains($"{_h.Path("m.db")} was built with the embedder openai-compatible:embed-model ({LoopbackLlmServer.EmbeddingDimensions} dimensions); this run asks for {MemoryConstants.LexicalEmbedderName}.", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_h.Path("b/result.json")));

        // Reading needs no embedder; learning with the wrong one is refused the same way.
        Assert.Equal(0, await _h.RunAsync("memory", "list", "--bank", "m.db"));
        Assert.Equal(2, await _h.RunAsync("memory", "ingest", "a", "--task", "again", "--bank", "m.db", "--embedder", "ollama:other"));
        Assert.Contains("was built with the embedder openai-compatible:embed-model", _h.Error, StringComparison.Ordinal);
        Assert.Contains("asks for ollama:other", _h.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_BuiltInEmbedderBankWithAnEmbeddingModel_RefusedInOneLineBeforeAnyCall()
    {
        WriteConfig("gepa.yaml", Memory, Embedding);
        WriteConfig("hashed.yaml", Memory);
        Assert.True(await _h.RunAsync("optimize", "hashed.yaml", "--out", "a", "--quiet", "--set", "memory.task=a") == 0, _h.Error);

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "b", "--quiet", "--set", "memory.task=b");

        Assert.Equal(1, code);
        var line = Assert.Single(_h.ErrorLines);
        Assert.Contains($"{_h.Path("m.db")} was built with the embedder {MemoryConstants.LexicalEmbedderName} ({MemoryConstants.LexicalDimensions} dimensions); this run asks for openai-compatible:embed-model.", line, StringComparison.Ordinal);
        Assert.Equal(0, EmbeddingCalls);
        Assert.False(File.Exists(_h.Path("b/result.json")));
    }

    [Fact]
    public async Task Optimize_BankOfTheBuiltInEmbedderVersion1_RetrievesAndLearnsWithVersion1()
    {
        // A bank made before version 2 of the built-in embedder: the default run must use version 1 with it, not refuse it.
        using (var old = MemoryBank.Open(_h.Path("m.db"), new HashedEmbeddingGenerator()))
        {
            await old.AddLessonAsync(new Lesson { Text = "Answer with the capital city only.", Role = "system_prompt", Scope = ["old"], Evidence = [1], Gain = 0.2 }, TestContext.Current.CancellationToken);
        }

        WriteConfig("hashed.yaml", Memory);

        Assert.True(await _h.RunAsync("optimize", "hashed.yaml", "--out", "b", "--quiet", "--set", "memory.task=b") == 0, _h.Error);

        Assert.Contains("\"lessons\":[1]", File.ReadAllText(_h.Path("b/" + LessonRetriever.LogFileName)), StringComparison.Ordinal);
        using var after = MemoryBank.Open(_h.Path("m.db"), new HashedEmbeddingGenerator());
        Assert.Equal(MemoryConstants.HashedEmbedderName, after.RecordedEmbedderName);
        Assert.Single(after.ListBestCandidates("b"));
    }

    [Theory]
    [InlineData(500, "the server failed (HTTP 500) after 1 retry")]
    [InlineData(401, "the server refused the credentials (HTTP 401)")]
    public async Task Optimize_MemoryEmbeddingEndpointFails_StopsBeforeTheRunNamingTheEndpoint(int status, string what)
    {
        WriteConfig("gepa.yaml", Memory, Embedding);
        var chat = _server.Responder;
        _server.Responder = r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)
            ? new FakeReply { Status = status, ErrorBody = "{\"error\":{\"message\":\"key " + Configs.Secret + " refused\"}}" }
            : chat(r);

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "a", "--quiet", "--set", "memory.task=a");

        Assert.Equal(1, code);
        var line = Assert.Single(_h.ErrorLines);
        Assert.Contains($"memory: embedding model (openai-compatible 'embed-model' at {_server.BaseUri}v1): {what}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Configs.Secret, _h.Error + _h.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(_h.Path("a/result.json")));
        AssertNoFileHoldsTheKey();
    }

    [Fact]
    public async Task Optimize_SemanticMetricWithAnEmbeddingModel_ScoresByTheServersVectors()
    {
        WriteConfig("gepa.yaml", Embedding);

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet", "--set", "metric.name=semantic");

        Assert.True(code == 0, _h.Error);
        Assert.True(EmbeddingCalls > 0);
        var best = JsonNode.Parse(File.ReadAllText(_h.Path("run/result.json")))!["bestScore"]!.GetValue<double>();
        // The fake's vectors, not the hashed embedder's: "Paris Rome Madrid Tokyo Lima Santiago" against each capital.
        var expected = new[] { "Madrid", "Tokyo", "Lima", "Santiago" }.Average(c => Cosine(LoopbackLlmServer.FakeEmbedding("Paris Rome Madrid Tokyo Lima Santiago"), LoopbackLlmServer.FakeEmbedding(c)));
        Assert.Equal(expected, best, 3);
        AssertNoFileHoldsTheKey();
    }

    [Fact]
    public async Task Optimize_SemanticMetricEndpointFails_StopsTheRunNeverAScore()
    {
        WriteConfig("gepa.yaml", Embedding);
        var chat = _server.Responder;
        _server.Responder = r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal) ? FakeReply.Error(503) : chat(r);

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet", "--set", "metric.name=semantic");

        Assert.Equal(1, code);
        Assert.StartsWith($"error: embedding model (openai-compatible 'embed-model' at {_server.BaseUri}v1): the server failed (HTTP 503) after 1 retry", _h.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(_h.Path("run/result.json")));
    }

    [Theory]
    [InlineData("embedding-model:\n  provider: hashed\n  model: x\n", "embedding-model.model: the hashed embedder is built in and takes no model")]
    [InlineData("embedding-model:\n  provider: openai-compatible\n  model: e5\n", "embedding-model.base-url: missing")]
    [InlineData("embedding-model:\n  provider: ollama\n", "embedding-model.model: missing")]
    [InlineData("embedding-model:\n  provider: anthropic\n  model: x\n", "embedding-model.provider")]
    [InlineData("embedding-model:\n  provider: ollama\n  model: x\n  temperature: 0\n", "embedding-model.temperature")]
    public async Task Optimize_BadEmbeddingSection_OneErrorNamingFileLineAndKey(string section, string expected)
    {
        _h.Write("gepa.yaml", Configs.Valid(_server.BaseUri) + "\n" + section);

        var code = await _h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--quiet");

        Assert.Equal(2, code);
        var line = Assert.Single(_h.ErrorLines, l => l.Contains("embedding-model.", StringComparison.Ordinal));
        Assert.Matches(@"gepa\.yaml:\d+:\d+: ", line);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
