using Gepa.Cli.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Tests.Embedding;

public sealed class GepaConfigRunTests : IDisposable
{
    private readonly CliHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void WriteRun(string directory, string? extra = null)
    {
        _h.Write(directory + "/gepa.yaml", Configs.Valid(new Uri("http://127.0.0.1:9/")) + "\n" + (extra ?? ""));
        string Row(int i) => $$"""{"input": "Q{{i}}", "answer": "A{{i}}"}""";
        _h.Write(directory + "/data/train.jsonl", string.Join('\n', Enumerable.Range(0, 4).Select(Row)));
        _h.Write(directory + "/data/val.jsonl", string.Join('\n', Enumerable.Range(4, 3).Select(Row)));
        _h.Write(directory + "/data/test.jsonl", Row(9));
    }

    [Fact]
    public async Task LoadAsync_SameConfigAndDataUnderAnotherPath_SameFingerprint()
    {
        WriteRun("one");
        WriteRun("elsewhere/two");
        using var one = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], _ => null, TestContext.Current.CancellationToken);
        using var two = await GepaConfigRun.LoadAsync(_h.Path("elsewhere/two/gepa.yaml"), [], _ => null, TestContext.Current.CancellationToken);

        Assert.Equal(one.Fingerprint, two.Fingerprint);
        Assert.Equal(4, one.TrainCount);
        Assert.Equal(3, one.ValCount);
    }

    [Fact]
    public async Task LoadAsync_DataOrOverrideDiffers_DifferentFingerprint()
    {
        WriteRun("one");
        WriteRun("two");
        _h.Write("two/data/val.jsonl", """{"input": "Q4", "answer": "changed"}""");
        var ct = TestContext.Current.CancellationToken;
        using var one = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], _ => null, ct);
        using var two = await GepaConfigRun.LoadAsync(_h.Path("two/gepa.yaml"), [], _ => null, ct);
        using var overridden = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), ["engine.seed=2"], _ => null, ct);

        Assert.NotEqual(one.Fingerprint, two.Fingerprint);
        Assert.NotEqual(one.Fingerprint, overridden.Fingerprint);
    }

    [Fact]
    public async Task LoadAsync_EmbeddingModel_ItsModelDecidesTheFingerprintItsTimeoutDoesNot()
    {
        WriteRun("one", "embedding-model:\n  provider: ollama\n  model: nomic-embed-text\n");
        var ct = TestContext.Current.CancellationToken;
        using var one = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], _ => null, ct);
        using var slower = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), ["embedding-model.timeout=300s", "embedding-model.retries=5"], _ => null, ct);
        using var other = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), ["embedding-model.model=mxbai-embed-large"], _ => null, ct);

        Assert.Equal(one.Fingerprint, slower.Fingerprint);
        Assert.NotEqual(one.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public async Task LoadAsync_MemorySection_RefusedNamingTheSection()
    {
        WriteRun("one", "memory:\n  enabled: true\n  bank: bank.db\n  task: t\n");

        var e = await Assert.ThrowsAsync<GepaConfigException>(() => GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], _ => null, TestContext.Current.CancellationToken));

        Assert.Contains("memory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_UnknownKey_RefusedNamingFileAndKey()
    {
        WriteRun("one", "engine2: 1\n");

        var e = await Assert.ThrowsAsync<GepaConfigException>(() => GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], _ => null, TestContext.Current.CancellationToken));

        Assert.Contains("gepa.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("engine2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_KeyVariableMissing_RefusedNamingTheVariableOnlyWhenClientsAreBuilt()
    {
        WriteRun("one");
        using var run = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], _ => null, TestContext.Current.CancellationToken);

        var e = Assert.Throws<GepaConfigException>(() => run.Accept(new CountingVisitor()));

        Assert.Contains("GEPA_TEST_KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_ChatPromptConfig_GivesTheSplitsASerializingAdapterAndFreshOptions()
    {
        WriteRun("one");
        using var run = await GepaConfigRun.LoadAsync(_h.Path("one/gepa.yaml"), [], v => v == "GEPA_TEST_KEY" ? "k" : null, TestContext.Current.CancellationToken);
        var visitor = new CountingVisitor();

        var (train, val) = run.Accept(visitor);

        Assert.Equal((4, 3), (train, val));
        Assert.True(visitor.Serializes);
        Assert.NotSame(visitor.Options!(), visitor.Options!());
        Assert.Equal(run.CreateOptions().MaxMetricCalls, visitor.Options!().MaxMetricCalls);
    }

    private sealed class CountingVisitor : IGepaConfigRunVisitor<(int Train, int Val)>
    {
        public bool Serializes { get; private set; }

        public Func<GepaOptions>? Options { get; private set; }

        public (int Train, int Val) Visit<TExample>(IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, IGepaAdapter<TExample> adapter, IChatClient reflectionClient, Func<GepaOptions> createOptions)
        {
            Serializes = adapter is IEvaluationSerializer;
            Options = createOptions;
            return (trainset.Count, valset.Count);
        }
    }
}
