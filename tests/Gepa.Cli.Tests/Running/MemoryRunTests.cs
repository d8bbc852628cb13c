using System.Text.Json.Nodes;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Running;

/// <summary>The <c>memory</c> section end to end on the SIMULATED RuleWorld: learning, retrieval, the starting-candidate
/// choice within the budget, resume, and a bad bank refused before anything is written.</summary>
public sealed class MemoryRunTests : IDisposable
{
    private const string Config = """
        task: rule-world
        world: {train: 20, val: 20, test: 0}
        task-model: {provider: rule-world}
        reflection-model: {provider: rule-world}
        engine: {max-metric-calls: 400}
        memory:
          enabled: true
          bank: m.db
          retrieval: {floor: -1}
          start: {task-floor: -1}
        """;

    private readonly CliHarness _h = new();

    public MemoryRunTests() => _h.Write("rw.yaml", Config);

    public void Dispose() => _h.Dispose();

    private static JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(file))!.AsObject();

    [Fact]
    public async Task Optimize_SecondTaskOfAFamily_StartsFromMemoryWithinTheBudgetAndLearns()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "a", "--quiet", "--set", "memory.task=a"));
        using (var bank = MemoryBank.Open(_h.Path("m.db"), new HashedEmbeddingGenerator()))
        {
            Assert.NotEmpty(bank.ListLessons());
            Assert.Single(bank.ListBestCandidates("a"));
        }

        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "b", "--set", "memory.task=b"));

        var start = Read(_h.Path("b/" + MemoryRun.StartFileName));
        var origins = start["considered"]!.AsArray().Select(c => c!["origin"]!.GetValue<string>()).ToList();
        Assert.Equal(["seed", "lesson-augmented-seed", "task:a"], origins);
        var spent = start["rolloutsSpent"]!.GetValue<int>();
        Assert.Equal(60, spent);
        Assert.NotEmpty(start["templates"]!.AsObject());
        Assert.True(File.Exists(_h.Path("b/" + LessonRetriever.LogFileName)));
        var result = Read(_h.Path("b/result.json"));
        Assert.True(result["totalMetricCalls"]!.GetValue<int>() + spent <= 400);
        Assert.Contains("taken off the budget", _h.Out, StringComparison.Ordinal);
        using var after = MemoryBank.Open(_h.Path("m.db"), new HashedEmbeddingGenerator());
        Assert.Single(after.ListBestCandidates("b"));
    }

    [Fact]
    public async Task Optimize_MemoryOff_NoBankAndNoMemoryFiles()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "a", "--quiet", "--set", "memory.enabled=false"));

        Assert.False(File.Exists(_h.Path("m.db")));
        Assert.False(File.Exists(_h.Path("a/" + MemoryRun.StartFileName)));
        Assert.False(File.Exists(_h.Path("a/" + LessonRetriever.LogFileName)));
    }

    [Fact]
    public async Task Optimize_NothingRetrieved_SameRunAsWithoutMemory()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "cold", "--quiet", "--set", "memory.enabled=false"));

        // An empty bank: nothing to retrieve, no similar task, so memory must change nothing about the run.
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "warm", "--quiet", "--set", "memory.task=t"));

        Assert.Equal(0, Read(_h.Path("warm/" + MemoryRun.StartFileName))["rolloutsSpent"]!.GetValue<int>());
        var cold = Read(_h.Path("cold/result.json"));
        var warm = Read(_h.Path("warm/result.json"));
        cold.Remove("usage");
        warm.Remove("usage");
        Assert.Equal(cold.ToJsonString(), warm.ToJsonString());
    }

    [Fact]
    public async Task Optimize_CorruptBank_RefusedBeforeTheRunDirectoryAndBankKept()
    {
        var bad = _h.Write("m.db", new string('x', 2048));

        Assert.Equal(2, await _h.RunAsync("optimize", "rw.yaml", "--out", "a", "--quiet"));

        Assert.StartsWith("error: " + bad, Assert.Single(_h.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_h.Path("a")));
        Assert.Equal(new string('x', 2048), File.ReadAllText(bad));
    }

    [Fact]
    public async Task OpenBank_EmbeddingModel_DisposingTheBankDisposesTheEmbedder()
    {
        // An endpoint nothing listens on: an embedder still alive would try it and fail to connect, not be disposed.
        var model = new ModelConfig
        {
            Role = ConfigSchema.EmbeddingRole,
            Section = ConfigSchema.EmbeddingSection,
            Provider = "openai-compatible",
            Model = "embed-model",
            BaseUrl = new Uri("http://127.0.0.1:1/v1"),
            Retries = 0,
        };
        var memory = new MemorySettings { Bank = "m.db", TaskId = "t", Embedding = model, Retrieval = new(), Start = new() };
        var env = new CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null, TaskSetup = new ChatPromptTaskSetup(), WorkingDirectory = _h.Root };

        var bank = MemoryRun.OpenBank(memory, env, new SecretRedactor());
        var embedder = bank.Embedder;
        bank.Dispose();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => embedder.GenerateAsync(["x"], cancellationToken: TestContext.Current.CancellationToken));
        Assert.True(Chain(e).Any(x => x is ObjectDisposedException), e.ToString());

        static IEnumerable<Exception> Chain(Exception? x)
        {
            for (; x is not null; x = x.InnerException)
            {
                yield return x;
            }
        }
    }

    [Fact]
    public void Restore_StartFile_ReappliesTemplatesBudgetAndSeed()
    {
        _h.Write("run/" + MemoryRun.StartFileName, """{"templates":{"system_prompt":"T <curr_param> <side_info>"},"rolloutsSpent":60,"seed":{"system_prompt":"Start."}}""");
        var options = new GepaOptions { MaxMetricCalls = 400 };

        var seed = MemoryRun.Restore(_h.Path("run"), options);

        Assert.Equal("Start.", seed!["system_prompt"]);
        Assert.Equal(340, options.MaxMetricCalls);
        Assert.Equal("T <curr_param> <side_info>", options.ComponentReflectionPromptTemplates["system_prompt"]);
    }

    [Fact]
    public void Restore_DamagedStartFile_ConfigErrorNamingIt()
    {
        var file = _h.Write("run/" + MemoryRun.StartFileName, "{\"templates\": 3}");

        var e = Assert.Throws<ConfigException>(() => MemoryRun.Restore(_h.Path("run"), new GepaOptions { MaxMetricCalls = 10 }));

        Assert.Contains(file, e.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_NoStartFile_Null()
    {
        Assert.Null(MemoryRun.Restore(_h.Path("nothing"), new GepaOptions()));
    }
}
