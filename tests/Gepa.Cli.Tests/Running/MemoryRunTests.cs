using System.Text.Json.Nodes;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Microsoft.Extensions.AI;
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
        var considered = start["considered"]!.AsArray();
        var origins = considered.Select(c => c!["origin"]!.GetValue<string>()).ToList();
        Assert.Equal(["seed", "lesson-augmented-seed", "task:a"], origins);

        // The guard is on by default: the relevance probe scores the seed and the augmented seed on the first 11
        // validation examples (the lessons passed: the augmented seed is a candidate); each candidate races the seed on
        // the first 3 (the minibatch size), which the probe already scored for those two; the seed and the race's
        // winners are then validated on all 20, each on the examples it was not scored on yet.
        Assert.True(start["probe"]!["passed"]!.GetValue<bool>());
        Assert.Equal(22, start["probe"]!["rollouts"]!.GetValue<int>());
        Assert.All(considered, c => Assert.True(c!["raced"]!.GetValue<bool>()));
        var validations = considered.Where(c => c!["validated"]!.GetValue<bool>()).Sum(c => c!["origin"]!.GetValue<string>().StartsWith("task:", StringComparison.Ordinal) ? 20 - 3 : 20 - 11);
        var spent = start["rolloutsSpent"]!.GetValue<int>();
        Assert.Equal(22 + 3 + validations, spent);

        // What the start knows of its choice goes to the engine, which does not evaluate those examples again.
        var known = start["startScores"]!["scores"]!.AsArray().Count;
        Assert.Equal(validations > 0 ? 20 : 11, known);
        Assert.Equal(3, start["raceExamples"]!.GetValue<int>());
        Assert.NotEmpty(start["templates"]!.AsObject());

        // The lesson gate decided on the reflection prompts, and its state is in the checkpoint.
        var gate = Read(_h.Path("b/state.json"))["extensions"]![LessonGate.ExtensionName]!;
        Assert.True(gate["decided"]!.GetValue<int>() > 0);
        Assert.True(gate["draws"]!.GetValue<long>() > 0);
        Assert.True(File.Exists(_h.Path("b/" + LessonRetriever.LogFileName)));
        var result = Read(_h.Path("b/result.json"));
        Assert.True(result["totalMetricCalls"]!.GetValue<int>() + spent <= 400);
        Assert.Contains("taken off the budget", _h.Out, StringComparison.Ordinal);
        using var after = MemoryBank.Open(_h.Path("m.db"), new HashedEmbeddingGenerator());
        Assert.Single(after.ListBestCandidates("b"));
    }

    [Fact]
    public async Task Report_WarmRun_ShowsTheRetrievedLessonsTheProbeAndTheStart()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "a", "--quiet", "--set", "memory.task=a"));
        using (var bank = MemoryBank.OpenWithBuiltInEmbedder(_h.Path("m.db"), new MemoryBankOptions()))
        {
            // A lesson's text is data on the page, never markup.
            await bank.AddLessonAsync(new Lesson { Text = "Answer <b>politely</b> & briefly in every case.", Role = "system_prompt", Scope = ["a"], Evidence = [1], Gain = 5 }, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "b", "--quiet", "--set", "memory.task=b"));
        Assert.Equal(0, await _h.RunAsync("report", "b"));

        var html = File.ReadAllText(_h.Path("b/report.html"));
        var section = html[html.IndexOf("<h2 id=\"memory\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        var retrieval = JsonNode.Parse(File.ReadAllLines(_h.Path("b/" + LessonRetriever.LogFileName)).Single())!;
        var texts = retrieval["texts"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Equal(retrieval["lessons"]!.AsArray().Count, texts.Count);
        Assert.All(texts, t => Assert.Contains(System.Net.WebUtility.HtmlEncode(t), section, StringComparison.Ordinal));
        Assert.Contains("Answer &lt;b&gt;politely&lt;/b&gt; &amp; briefly in every case.", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>politely", html, StringComparison.Ordinal);

        var start = Read(_h.Path("b/" + MemoryRun.StartFileName));
        Assert.Contains("Relevance probe: the seed with the lessons scored", section, StringComparison.Ordinal);
        Assert.Contains(start["probe"]!["passed"]!.GetValue<bool>() ? ">passed</span>" : ">failed</span>", section, StringComparison.Ordinal);
        var startTable = section[section.IndexOf("<table id=\"memory-start\"", StringComparison.Ordinal)..];
        Assert.Equal(start["considered"]!.AsArray().Count, System.Text.RegularExpressions.Regex.Count(startTable, "<tr><td>"));
        Assert.Contains($"The start spent {start["rolloutsSpent"]!.GetValue<int>()} rollouts", section, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(startTable, "the run started here"));
    }

    [Fact]
    public async Task Optimize_GuardOff_ValidatesEveryCandidateAndNoGateState()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "a", "--quiet", "--set", "memory.task=a"));

        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "b", "--quiet", "--set", "memory.task=b", "--set", "memory.guard.lessons=false", "--set", "memory.guard.race-start=false", "--set", "memory.guard.probe=false"));

        var start = Read(_h.Path("b/" + MemoryRun.StartFileName));
        Assert.Equal(60, start["rolloutsSpent"]!.GetValue<int>());
        Assert.All(start["considered"]!.AsArray(), c => Assert.False(c!["raced"]!.GetValue<bool>()));
        Assert.False(start["guard"]!["lessons"]!.GetValue<bool>());
        Assert.Null(Read(_h.Path("b/state.json"))["extensions"]);
    }

    [Fact]
    public async Task StartAsync_CandidateLosesTheRace_SpendsOnlyTheRaceAndStartsFromTheSeed()
    {
        var adapter = new CountingAdapter(_ => 0.5); // the augmented seed ties with the seed, which wins ties
        var (options, start, lines) = await StartWithOneLessonAsync(adapter, probe: false);

        // The seed and the augmented seed each score the first 3 validation examples; neither is validated on all 20.
        Assert.Equal([3, 3], adapter.Batches);
        Assert.Equal(400 - 6, options.MaxMetricCalls);
        Assert.Equal(6, start["rolloutsSpent"]!.GetValue<int>());
        Assert.Equal("seed", start["chosen"]!.GetValue<string>());
        Assert.All(start["considered"]!.AsArray(), c =>
        {
            Assert.True(c!["raced"]!.GetValue<bool>());
            Assert.Equal(0.5, c["raceScore"]!.GetValue<double>());
            Assert.False(c["validated"]!.GetValue<bool>());
        });
        Assert.Contains("none beat the seed", Assert.Single(lines, l => l.Contains("raced", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_CandidateWinsTheRace_ValidatesItWithTheSeed()
    {
        var adapter = new CountingAdapter(c => c["system_prompt"].Contains("- ", StringComparison.Ordinal) ? 0.9 : 0.5);
        var (options, start, _) = await StartWithOneLessonAsync(adapter, probe: false);

        // Validated on the 17 examples each was not raced on; the augmented seed's 20 scores go to the engine.
        Assert.Equal([3, 3, 17, 17], adapter.Batches);
        Assert.Equal(400 - 40, options.MaxMetricCalls);
        Assert.Equal(20, options.PriorSeedEvaluation!.Batch.Count);
        Assert.Contains("- ", options.PriorSeedEvaluation.Candidate["system_prompt"], StringComparison.Ordinal);
        Assert.Equal(StartingCandidate.AugmentedSeedOrigin, start["chosen"]!.GetValue<string>());
        Assert.All(start["considered"]!.AsArray(), c => Assert.True(c!["validated"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task StartAsync_ProbeFails_NoLessonsNoAugmentedSeedAndOnlyTheProbeSpent()
    {
        var adapter = new CountingAdapter(_ => 0.5); // lessons that apply to no example: the augmented seed only ties
        var (options, start, lines) = await StartWithOneLessonAsync(adapter);

        // The cap (20% of 380) pays for more than 11 examples twice, so the probe scores both on the first 11.
        Assert.Equal([11, 11], adapter.Batches);
        Assert.Empty(options.ComponentReflectionPromptTemplates);
        Assert.Empty(start["templates"]!.AsObject());
        Assert.Equal(400 - 22, options.MaxMetricCalls);
        Assert.Equal(22, start["rolloutsSpent"]!.GetValue<int>());
        Assert.Equal("Answer.", options.PriorSeedEvaluation!.Candidate["system_prompt"]);
        Assert.Equal(Enumerable.Repeat(0.5, 11), options.PriorSeedEvaluation.Batch.Scores);
        Assert.Equal(11, start["startScores"]!["scores"]!.AsArray().Count);
        Assert.Equal(["seed"], start["considered"]!.AsArray().Select(c => c!["origin"]!.GetValue<string>()));
        Assert.False(start["probe"]!["passed"]!.GetValue<bool>());
        Assert.Equal(11, start["probe"]!["examples"]!.GetValue<int>());
        Assert.True(start["guard"]!["probe"]!.GetValue<bool>());
        Assert.Contains("relevance probe failed", Assert.Single(lines, l => l.Contains("probe", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("in the reflection prompt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ProbePasses_LessonsShownAndTheRaceReusesItsScores()
    {
        var adapter = new CountingAdapter(c => c["system_prompt"].Contains("- ", StringComparison.Ordinal) ? 0.9 : 0.5);
        var (options, start, lines) = await StartWithOneLessonAsync(adapter);

        // The probe's 11 examples hold the race's 3: the race scores nothing again; both are then validated on the other 9.
        Assert.Equal([11, 11, 9, 9], adapter.Batches);
        Assert.Contains("State the unit of every amount.", options.ComponentReflectionPromptTemplates["system_prompt"], StringComparison.Ordinal);
        Assert.NotEmpty(start["templates"]!.AsObject());
        Assert.Equal(400 - 40, options.MaxMetricCalls);
        Assert.Equal(40, start["rolloutsSpent"]!.GetValue<int>());
        Assert.Equal(Enumerable.Repeat(0.9, 20), options.PriorSeedEvaluation!.Batch.Scores);
        Assert.Equal(StartingCandidate.AugmentedSeedOrigin, start["chosen"]!.GetValue<string>());
        Assert.True(start["probe"]!["passed"]!.GetValue<bool>());
        Assert.Contains(lines, l => l.Contains("relevance probe passed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_AugmentedSeedModeOff_ProbeStillScoresItButDoesNotStartFromIt()
    {
        var adapter = new CountingAdapter(c => c["system_prompt"].Contains("- ", StringComparison.Ordinal) ? 0.9 : 0.5);
        var (options, start, _) = await StartWithOneLessonAsync(adapter, augmentedSeed: false);

        Assert.Equal([11, 11], adapter.Batches);
        Assert.NotEmpty(options.ComponentReflectionPromptTemplates);
        Assert.Equal(["seed"], start["considered"]!.AsArray().Select(c => c!["origin"]!.GetValue<string>()));
        Assert.Equal("seed", start["chosen"]!.GetValue<string>());
        Assert.Equal(400 - 22, options.MaxMetricCalls);
    }

    [Fact]
    public async Task StartAsync_LessonsInReflectionOff_NoProbeAndTheRaceDecides()
    {
        var adapter = new CountingAdapter(_ => 0.5);
        var (options, start, _) = await StartWithOneLessonAsync(adapter, lessonsInReflection: false);

        // Mode 3 alone: the race on the minibatch already tests the augmented seed; a probe would decide nothing more.
        Assert.Equal([3, 3], adapter.Batches);
        Assert.Null(start["probe"]);
        Assert.False(start["guard"]!["probe"]!.GetValue<bool>());
        Assert.Equal(400 - 6, options.MaxMetricCalls);
    }

    [Theory]
    [InlineData(50, 3)] // cap: 20% of 30 = 6, so 3 examples twice
    [InlineData(30, 1)] // cap 2
    public async Task StartAsync_SmallBudget_ProbeBoundedByTheCap(int budget, int examples)
    {
        var adapter = new CountingAdapter(_ => 0.5);
        var (options, start, _) = await StartWithOneLessonAsync(adapter, budget: budget);

        Assert.Equal([examples, examples], adapter.Batches);
        Assert.True(2 * examples <= Math.Floor((budget - 20) * 0.2));
        Assert.Equal(budget - (2 * examples), options.MaxMetricCalls);
    }

    [Fact]
    public async Task StartAsync_NoRoomForTheProbe_LessonsNotUsedAndNothingSpent()
    {
        var adapter = new CountingAdapter(c => c["system_prompt"].Contains("- ", StringComparison.Ordinal) ? 0.9 : 0.5);
        var (options, start, lines) = await StartWithOneLessonAsync(adapter, budget: 25); // cap: 20% of 5 = 1

        Assert.Empty(adapter.Batches);
        Assert.Empty(options.ComponentReflectionPromptTemplates);
        Assert.Equal(25, options.MaxMetricCalls);
        Assert.Equal(0, start["probe"]!["examples"]!.GetValue<int>());
        Assert.Contains(lines, l => l.Contains("no rollouts for the relevance probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_AfterAFailedProbe_NoTemplatesAndTheProbesRolloutsOffTheBudget()
    {
        var (_, _, _) = await StartWithOneLessonAsync(new CountingAdapter(_ => 0.5));
        var resumed = new GepaOptions { MaxMetricCalls = 400 };

        var seed = MemoryRun.Restore(_h.Path("run"), resumed);

        Assert.Equal("Answer.", seed!["system_prompt"]);
        Assert.Empty(resumed.ComponentReflectionPromptTemplates);
        Assert.Equal(400 - 22, resumed.MaxMetricCalls);
        // A run resumed before its first checkpoint evaluates its seed again: the probe's scores spare those examples.
        Assert.Equal(seed, resumed.PriorSeedEvaluation!.Candidate);
        Assert.Equal(Enumerable.Repeat(0.5, 11), resumed.PriorSeedEvaluation.Batch.Scores);
    }

    [Fact]
    public async Task Restore_AfterAPassedProbe_ReappliesTheLessons()
    {
        var (options, _, _) = await StartWithOneLessonAsync(new CountingAdapter(c => c["system_prompt"].Contains("- ", StringComparison.Ordinal) ? 0.9 : 0.5));
        var resumed = new GepaOptions { MaxMetricCalls = 400 };

        MemoryRun.Restore(_h.Path("run"), resumed);

        Assert.Equal(options.ComponentReflectionPromptTemplates["system_prompt"], resumed.ComponentReflectionPromptTemplates["system_prompt"]);
        Assert.Equal(options.MaxMetricCalls, resumed.MaxMetricCalls);
    }

    [Fact]
    public async Task Optimize_ProbeFails_SameRunAsColdWithTheAugmentedSeedsRolloutsOffTheBudget()
    {
        // A lesson no RuleWorld rule answers to: the seed with it scores as the seed on every example, so the probe fails.
        using (var bank = MemoryBank.OpenWithBuiltInEmbedder(_h.Path("m.db"), new MemoryBankOptions()))
        {
            await bank.AddLessonAsync(new Lesson { Text = "Keep a calm and friendly tone.", Role = "system_prompt", Scope = ["other"], Evidence = [1], Gain = 0.1 }, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "warm", "--quiet", "--set", "memory.task=t"));
        var start = Read(_h.Path("warm/" + MemoryRun.StartFileName));
        Assert.False(start["probe"]!["passed"]!.GetValue<bool>());
        var spent = start["rolloutsSpent"]!.GetValue<int>();
        Assert.Equal(start["probe"]!["rollouts"]!.GetValue<int>(), spent);
        Assert.Equal(22, spent);

        // The engine takes the probe's 11 seed scores instead of evaluating those examples again: the warm run is the cold
        // run on a budget smaller by the augmented seed's 11 rollouts alone, with 11 fewer rollouts counted by the engine.
        const int known = 11;
        Assert.Equal(known, start["startScores"]!["scores"]!.AsArray().Count);
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "cold", "--quiet", "--set", "memory.enabled=false", "--set", "engine.max-metric-calls=" + (400 - spent + known)));

        Assert.Null(Read(_h.Path("warm/state.json"))["extensions"]); // no lessons, so no gate either
        var cold = Read(_h.Path("cold/result.json"));
        var warm = Read(_h.Path("warm/result.json"));
        cold.Remove("usage");
        warm.Remove("usage");

        // The result names the configured budget; the engine ran on what the probe left of it.
        Assert.Equal(400, warm["maxMetricCalls"]!.GetValue<int>());
        Assert.Equal(400 - spent + known, cold["maxMetricCalls"]!.GetValue<int>());
        Assert.Equal(cold["totalMetricCalls"]!.GetValue<int>() - known, warm["totalMetricCalls"]!.GetValue<int>());
        // Both stopped on the budget, which each states in its own numbers.
        foreach (var r in new[] { cold, warm })
        {
            Assert.Contains("budget is spent", r["stopMessage"]!.GetValue<string>(), StringComparison.Ordinal);
            r.Remove("maxMetricCalls");
            r.Remove("totalMetricCalls");
            r.Remove("stopMessage");
        }

        // Every candidate after the seed was found 11 counted rollouts earlier.
        foreach (var c in cold["candidates"]!.AsArray().Skip(1))
        {
            c!["discoveredAtMetricCall"] = c["discoveredAtMetricCall"]!.GetValue<int>() - known;
        }

        Assert.True(cold["candidates"]!.AsArray().Count > 1);
        Assert.Equal(cold.ToJsonString(), warm.ToJsonString());

        // The report shows the seed on every validation example, the 11 the probe scored among them.
        var examples = Read(_h.Path("warm/examples.json"));
        Assert.Equal(20, examples["candidates"]!.AsArray().First(c => c!["candidate"]!.GetValue<int>() == 0)!["examples"]!.AsArray().Count);
        Assert.Equal(File.ReadAllText(_h.Path("cold/examples.json")), File.ReadAllText(_h.Path("warm/examples.json")));
    }

    [Fact]
    public async Task StartAsync_StartInterruptedBefore_ItsRetrievalLogReplaced()
    {
        // A start killed after retrieving and before writing memory-start.json is made again on resume.
        Directory.CreateDirectory(_h.Path("run"));
        _h.Write("run/" + LessonRetriever.LogFileName, "{\"stale\":true}\n");

        await StartWithOneLessonAsync(new CountingAdapter(_ => 0.5));

        var lines = File.ReadAllLines(_h.Path("run/" + LessonRetriever.LogFileName));
        Assert.Single(lines); // one component, one retrieval
        Assert.DoesNotContain("stale", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LearnAsync_DistillingFails_RunLearnedAndTheUserToldWhatHappensNext()
    {
        Assert.Equal(0, await _h.RunAsync("optimize", "rw.yaml", "--out", "a", "--quiet", "--set", "memory.task=a", "--set", "memory.learn=false"));
        using var bank = MemoryBank.OpenWithBuiltInEmbedder(_h.Path("m.db"), new MemoryBankOptions());
        using var failing = new FailingChatClient();
        var memory = new MemorySettings { TaskId = "a", Distill = true, Retrieval = new RetrievalOptions(), Start = new StartingCandidateOptions() };
        var lines = new List<string>();

        await MemoryRun.LearnAsync(memory, bank, new ModelClients(failing, failing, null), _h.Path("a"), lines.Add, t => t.Replace("sk-secret", "***", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.True(failing.Calls > 0); // the run had accepted edits to distill
        var line = Assert.Single(lines);
        Assert.Contains("distilling failed (connection refused by ***)", line, StringComparison.Ordinal);
        Assert.Contains("next run of task 'a'", line, StringComparison.Ordinal);
        Assert.NotEmpty(bank.ListLessons());
        Assert.Single(bank.ListBestCandidates("a"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"templates":{},"rolloutsSpent":22,"seed":{"system_prompt":"Answer."},"startScores":{"scores":["high"]}}""")]
    [InlineData("""{"templates":{},"rolloutsSpent":22,"seed":{"system_prompt":"Answer."},"startScores":{"scores":[0.5],"objectives":[{"a":1},{"b":2}]}}""")]
    [InlineData("""{"templates":{},"seed":{"system_prompt":"Answer."}}""")]
    public void Restore_DamagedMemoryStart_RefusedNamingTheFileAndLeftAsItWas(string content)
    {
        var file = _h.Write("run/" + MemoryRun.StartFileName, content);
        var options = new GepaOptions { MaxMetricCalls = 400 };

        var e = Assert.Throws<ConfigException>(() => MemoryRun.Restore(_h.Path("run"), options));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("is not a memory start this tool wrote", e.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(file));
        Assert.Null(options.PriorSeedEvaluation);
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

    private async Task<(GepaOptions Options, JsonObject Start, List<string> Lines)> StartWithOneLessonAsync(CountingAdapter adapter, bool probe = true, bool augmentedSeed = true, int budget = 400, bool lessonsInReflection = true)
    {
        var ct = TestContext.Current.CancellationToken;
        using var bank = MemoryBank.Open(_h.Path("unit.db"), new HashedEmbeddingGenerator());
        await bank.AddLessonAsync(new Lesson { Text = "State the unit of every amount.", Role = "system_prompt", Scope = ["other"], Evidence = [1], Gain = 0.1 }, ct);
        var examples = Enumerable.Range(0, 20).Select(i => "x" + i).ToList();
        var task = new PreparedTask<string>(examples, examples, [], _ => adapter);
        using var model = new UncalledChatClient();
        var clients = new ModelClients(model, model, null);
        var options = new GepaOptions { MaxMetricCalls = budget, MinibatchSize = 3 };
        var memory = new MemorySettings
        {
            TaskId = "t",
            SimilarTaskCandidates = false,
            GuardProbe = probe,
            LessonAugmentedSeed = augmentedSeed,
            LessonsInReflection = lessonsInReflection,
            Retrieval = new RetrievalOptions { SimilarityFloor = -1 },
            Start = new StartingCandidateOptions { UseSimilarTaskCandidates = false },
        };
        Directory.CreateDirectory(_h.Path("run"));
        var lines = new List<string>();

        await MemoryRun.StartAsync(memory, bank, task, clients, options, new Candidate(new Dictionary<string, string> { ["system_prompt"] = "Answer." }), _h.Path("run"), lines.Add, ct);

        return (options, Read(_h.Path("run/" + MemoryRun.StartFileName)), lines);
    }

    /// <summary>Scores every example of a candidate alike, and records each batch's size.</summary>
    private sealed class CountingAdapter(Func<Candidate, double> score) : IGepaAdapter<string>
    {
        public List<int> Batches { get; } = [];

        public ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<string> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
        {
            Batches.Add(batch.Count);
            return ValueTask.FromResult(new EvaluationBatch([.. batch.Select(_ => score(candidate))]));
        }

        public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<string> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>A model whose every call fails as an unreachable server does, quoting a secret.</summary>
    private sealed class FailingChatClient : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new HttpRequestException("connection refused by sk-secret");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A model the start must not call: it only scores candidates through the adapter.</summary>
    private sealed class UncalledChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the start called a model");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the start called a model");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
