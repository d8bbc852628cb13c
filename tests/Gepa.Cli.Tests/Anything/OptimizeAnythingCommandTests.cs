using System.Text.Json.Nodes;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;

namespace Gepa.Cli.Tests.Anything;

/// <summary>Runs <c>gepa optimize-anything</c> end to end: a real evaluator process per evaluation, a loopback server as the
/// reflection model, real files.</summary>
public sealed class OptimizeAnythingCommandTests
{
    // Scores the number of letters 'a'; other candidates fault on purpose.
    private const string Evaluator = """
        c=$(cat)
        case "$c" in
          hang*) echo "hanging" >&2; sleep 60 ;;
          crash*) echo "about to crash" >&2; kill -9 $$ ;;
          garbage*) echo "the score is: very good" ;;
          exit1*) echo "Traceback: ValueError: bad input" >&2; exit 1 ;;
          *) n=$(printf %s "$c" | tr -cd a | wc -c | tr -d ' '); echo "{\"score\": $n, \"info\": {\"Feedback\": \"$n letters a; more is better\"}}" ;;
        esac
        """;

    private static string TaskFile(string baseUrl, int budget, string extra = "") => $"""
        objective: As many letters a as possible.
        seed: a
        evaluator:
          command: [sh, eval.sh]
          candidate: stdin
          timeout: 1s
        max-evaluations: {budget}
        max-concurrency: 2
        reflection-model:
          provider: openai-compatible
          base-url: {baseUrl}
          model: fake-reflect
          retries: 0
        {extra}
        """;

    [Fact]
    public async Task Run_EvaluatorFaults_EachIsAScoredFailureAndTheRunGoesOn()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The evaluator is a shell script.");
        await using var llm = await LoopbackLlmServer.StartAsync();
        llm.Enqueue(FakeReply.Ok("```\nhang\n```"), FakeReply.Ok("```\ncrash\n```"), FakeReply.Ok("```\ngarbage\n```"), FakeReply.Ok("```\nexit1\n```"));
        llm.Responder = _ => FakeReply.Ok("```\naaaa\n```");
        using var cli = new CliHarness();
        cli.Write("eval.sh", Evaluator);
        cli.Write("task.yaml", TaskFile(llm.BaseUri.ToString(), budget: 12));

        var code = await cli.RunAsync("optimize-anything", "run", "task.yaml", "--out", "run");

        Assert.True(code == 0, cli.Error + cli.Out);
        var result = JsonNode.Parse(File.ReadAllText(cli.Path("run/optimize_anything_result.json")))!;
        Assert.Equal(4, result["best_score"]!.GetValue<double>());
        Assert.Equal(4, result["evaluation_failures"]!.GetValue<int>());
        Assert.Equal("aaaa", File.ReadAllText(cli.Path("run/best_candidate.txt")));
        Assert.Contains("candidate 1: 4 (best so far)", cli.Out, StringComparison.Ordinal);
        var evals = Directory.GetFiles(cli.Path("run/evals"), "*.json").Select(f => File.ReadAllText(f)).ToList();
        Assert.Equal(result["evaluations_used"]!.GetValue<int>(), evals.Count);
        Assert.Contains(evals, e => e.Contains("timed out after 1 s and was killed", StringComparison.Ordinal) && e.Contains("hanging", StringComparison.Ordinal));
        Assert.Contains(evals, e => e.Contains("exited with code", StringComparison.Ordinal) && e.Contains("about to crash", StringComparison.Ordinal));
        Assert.Contains(evals, e => e.Contains("printed no result", StringComparison.Ordinal) && e.Contains("the score is: very good", StringComparison.Ordinal));
        Assert.Contains(evals, e => e.Contains("exited with code 1", StringComparison.Ordinal) && e.Contains("ValueError: bad input", StringComparison.Ordinal));

        // Rejected children never reach reflection (it reads the parent's evaluations); the seed's feedback did.
        Assert.Contains(llm.Requests, r => r.Body.Contains("1 letters a; more is better", StringComparison.Ordinal));

        // The run directory is a normal one: report works on it.
        Assert.Equal(0, await cli.RunAsync("report", "run"));
        Assert.True(File.Exists(cli.Path("run/report.html")));
    }

    [Fact]
    public async Task Run_ExistingRunWithoutResume_IsRefusedAndWithResumeContinues()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The evaluator is a shell script.");
        await using var llm = await LoopbackLlmServer.StartAsync();
        llm.Responder = _ => FakeReply.Ok("```\naa\n```");
        using var cli = new CliHarness();
        cli.Write("eval.sh", Evaluator);
        cli.Write("task.yaml", TaskFile(llm.BaseUri.ToString(), budget: 4));
        Assert.Equal(0, await cli.RunAsync("optimize-anything", "run", "task.yaml", "--out", "run", "--quiet"));
        var evals = Directory.GetFiles(cli.Path("run/evals")).Length;

        Assert.Equal(2, await cli.RunAsync("optimize-anything", "run", "task.yaml", "--out", "run"));
        Assert.Contains("already holds a run; continue it with --resume", cli.Error, StringComparison.Ordinal);

        Assert.Equal(0, await cli.RunAsync("optimize-anything", "run", "task.yaml", "--out", "run", "--resume"));
        Assert.True(Directory.GetFiles(cli.Path("run/evals")).Length <= 4);
        Assert.True(Directory.GetFiles(cli.Path("run/evals")).Length >= evals);
    }

    [Fact]
    public async Task Run_Dataset_PassesEachExampleAndScoresTheTestSetOutsideTheBudget()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The evaluator is a shell script.");
        await using var llm = await LoopbackLlmServer.StartAsync();
        llm.Responder = _ => FakeReply.Ok("```\naaa\n```");
        using var cli = new CliHarness();
        cli.Write("eval.sh", """
            c=$(cat); w=$(sed 's/.*"w": *\([0-9]*\).*/\1/' "$GEPA_EXAMPLE_FILE")
            n=$(printf %s "$c" | tr -cd a | wc -c | tr -d ' ')
            echo "{\"score\": $((n * w)), \"info\": {\"Input\": \"$GEPA_EXAMPLE_ID\"}}"
            """);
        cli.Write("train.jsonl", "{\"id\": \"one\", \"w\": 1}\n{\"id\": \"two\", \"w\": 2}\n");
        cli.Write("test.jsonl", "{\"id\": \"t\", \"w\": 10}\n");
        cli.Write("task.yaml", TaskFile(llm.BaseUri.ToString(), budget: 8, "dataset: train.jsonl\ntestset: test.jsonl\nminibatch-size: 2"));

        var code = await cli.RunAsync("optimize-anything", "run", "task.yaml", "--out", "run");

        Assert.True(code == 0, cli.Error + cli.Out);
        var result = JsonNode.Parse(File.ReadAllText(cli.Path("run/optimize_anything_result.json")))!;
        Assert.Equal(10, result["seed_test_score"]!.GetValue<double>());
        Assert.Equal(30, result["best_test_score"]!.GetValue<double>());
        Assert.Contains("test 10 → 30", cli.Out, StringComparison.Ordinal);
        Assert.True(result["evaluations_used"]!.GetValue<int>() <= 8);
        Assert.Contains(Directory.GetFiles(cli.Path("run/evals"), "*.json").Select(File.ReadAllText), e => e.Contains("\"example_id\": \"two\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_BadTaskFile_NamesFileLineAndKey()
    {
        using var cli = new CliHarness();
        cli.Write("task.yaml", """
            seed: a
            evaluater:
              command: [sh]
            max-evaluations: lots
            reflection-model: {provider: openai-compatible, base-url: "http://127.0.0.1:1/v1", model: m}
            """);

        var code = await cli.RunAsync("optimize-anything", "run", "task.yaml");

        Assert.Equal(2, code);
        Assert.Contains("task.yaml:2:1: evaluater: unknown key. Did you mean 'evaluator'?", cli.Error, StringComparison.Ordinal);
        Assert.Contains("max-evaluations: 'lots' must be a whole number", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.Path("runs")));
    }

    [Fact]
    public async Task Serve_ExposesTheEvaluatorOverHttpUntilCancelled()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The evaluator is a shell script.");
        using var cli = new CliHarness();
        cli.Write("eval.sh", Evaluator);
        cli.Write("task.yaml", TaskFile("http://127.0.0.1:1/v1", budget: 1));
        using var output = new LiveWriter();
        using var error = new StringWriter();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var serving = cli.RunWithAsync(output, error, cts.Token, "optimize-anything", "serve", "task.yaml");

        // Waits for the line itself; the bound (10 s before) only ends a server that never starts, however busy the machine.
        var listening = await output.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var url = listening.Split("listening on ")[1].Trim();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var first = await http.PostAsync(new Uri("evaluate", UriKind.Relative), new StringContent("""{"candidate": "aaa"}"""), TestContext.Current.CancellationToken);
        using var second = await http.PostAsync(new Uri("evaluate", UriKind.Relative), new StringContent("""{"candidate": "aaa"}"""), TestContext.Current.CancellationToken);
        await cts.CancelAsync();

        Assert.Equal(0, await serving);
        Assert.Equal(3, JsonNode.Parse(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["score"]!.GetValue<double>());
        Assert.Equal(429, (int)second.StatusCode);
        Assert.Contains("stopped after 1/1 evaluations", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_HostThatIsNoHostName_OneClearLineAndNothingWritten()
    {
        using var cli = new CliHarness();
        cli.Write("eval.sh", Evaluator);
        cli.Write("task.yaml", TaskFile("http://127.0.0.1:1/v1", budget: 1));
        var before = Directory.GetFileSystemEntries(cli.Root, "*", SearchOption.AllDirectories).Order().ToList();

        var code = await cli.RunAsync("optimize-anything", "serve", "task.yaml", "--host", "not a host!");

        Assert.Equal(2, code);
        var line = Assert.Single(cli.ErrorLines);
        Assert.StartsWith("error: --host: 'not a host!' is not a host name or IP address", line, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(cli.Root, "*", SearchOption.AllDirectories).Order().ToList());
    }
}
