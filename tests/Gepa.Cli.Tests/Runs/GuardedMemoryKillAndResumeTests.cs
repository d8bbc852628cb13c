using System.Diagnostics;
using System.Text.Json.Nodes;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Runs;

/// <summary>A memory run with the guard on (the default), as the real tool in a child process on a RuleWorld task
/// (simulated, deterministic models served on loopback): killed with SIGKILL at many points and resumed, it must end
/// exactly as the uninterrupted run, the lesson gate's decisions included, whose state is saved with the checkpoints
/// (written at most every 20 ms here, so that kills land after different saved iterations, and often several iterations
/// after the last one written).</summary>
public sealed class GuardedMemoryKillAndResumeTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Resume_GuardedMemoryRunKilledAtManyPoints_EndsExactlyAsTheUninterruptedRun()
    {
        await using var rw = await RuleWorldRun.StartAsync(budget: 160);
        var config = File.ReadAllText(rw.ConfigPath);

        // Task a fills the bank; task b is run uninterrupted and killed, both learning nothing, so both see the same bank.
        // Task a's best candidate would solve task b (one world) and leave nothing to propose: only lessons carry over.
        const string Memory = """

            memory:
              enabled: true
              bank: m.db
              task: {0}
              learn: {1}
              retrieval: {{floor: -1}}
              similar-task-candidates: {2}
              start: {{task-floor: -1, budget-share: 0.3}}
            """;
        File.WriteAllText(rw.Path("a.yaml"), config + string.Format(System.Globalization.CultureInfo.InvariantCulture, Memory, "a", "true", "true"));
        File.WriteAllText(rw.Path("b.yaml"), config + string.Format(System.Globalization.CultureInfo.InvariantCulture, Memory, "b", "false", "false") + "\noutput: {checkpoint-interval: 20ms}\n");
        await RunToEndAsync(rw, "optimize", "a.yaml", "--out", "a", "--quiet");
        await RunToEndAsync(rw, "optimize", "b.yaml", "--out", "base", "--quiet");

        var expected = Decisions(rw.Path("base"));
        var start = JsonNode.Parse(expected[MemoryRun.StartFileName])!;
        Assert.NotEmpty(start["templates"]!.AsObject());
        Assert.All(start["considered"]!.AsArray(), c => Assert.True(c!["raced"]!.GetValue<bool>()));
        var gate = JsonNode.Parse(expected["gate"])!;
        var (decided, shown) = (gate["decided"]!.GetValue<int>(), gate["shown"]!.GetValue<int>());
        Assert.True(shown > 0 && shown < decided, $"the gate must both show and hide lessons here: shown {shown} of {decided}");

        var dir = rw.Path("killed");
        var events = new RunDirectoryProbe.LineCounter(Path.Combine(dir, "events.jsonl"));
        var random = new Random(20261202);
        var kills = new List<string>();
        string[] args = ["optimize", "b.yaml", "--out", "killed", "--quiet"];
        int[] firstDeltas = [0, 2, 6];
        for (var k = 0; k < 9; k++)
        {
            var delta = k < firstDeltas.Length ? firstDeltas[k] : random.Next(15, 60);
            var begin = events.Poll();
            using var process = CliProcess.Start(rw.Root, null, args);
            var watch = Stopwatch.StartNew();

            // The first kill lands in memory's start (before the engine's first event); the others in the run.
            while (!process.Process.HasExited && events.Poll() < begin + delta + (k == 0 ? 1 : 0) && watch.Elapsed < ProcessTimeout)
            {
                if (k == 0 && File.Exists(Path.Combine(dir, LessonRetriever.LogFileName)))
                {
                    break;
                }

                await Task.Delay(1, TestContext.Current.CancellationToken);
            }

            if (process.Process.HasExited)
            {
                Assert.True(await process.WaitAsync(ProcessTimeout) == 0, process.Error);
                break;
            }

            process.Kill();
            await process.WaitAsync(ProcessTimeout);
            kills.Add(RunDirectoryProbe.Kill(dir, events.Poll() - begin, k + 1));
            args = ["resume", "killed", "--quiet"];
        }

        Assert.True(kills.Count >= 5, "too few kills landed before the run ended: " + string.Join("; ", kills));
        Assert.True(kills.Count(k => !k.EndsWith("saved iteration none", StringComparison.Ordinal) && !k.EndsWith("saved iteration 1", StringComparison.Ordinal)) >= 2, "too few kills after a gate state was saved: " + string.Join("; ", kills));
        if (args[0] == "resume")
        {
            await RunToEndAsync(rw, args);
        }

        TestContext.Current.SendDiagnosticMessage("killed at: " + string.Join("; ", kills));
        var actual = Decisions(dir);
        foreach (var (file, content) in expected)
        {
            Assert.True(content == actual[file], $"{file} differs from the uninterrupted run's (kills: {string.Join("; ", kills)}).\nexpected: {Head(content)}\nactual:   {Head(actual[file])}");
        }
    }

    private static async Task RunToEndAsync(RuleWorldRun rw, params string[] args)
    {
        using var process = CliProcess.Start(rw.Root, null, args);
        var code = await process.WaitAsync(ProcessTimeout);
        Assert.True(code == 0, $"exit {code}: {process.Error}");
    }

    /// <summary>The run's decisions, with memory's start and the gate's final state.</summary>
    private static Dictionary<string, string> Decisions(string directory)
    {
        var decisions = RunDirectoryProbe.Decisions(directory);
        decisions[MemoryRun.StartFileName] = File.ReadAllText(Path.Combine(directory, MemoryRun.StartFileName));
        decisions["gate"] = GepaRunDirectory.ReadState(directory)!.Extensions[LessonGate.ExtensionName].GetRawText();
        return decisions;
    }

    private static string Head(string s) => s.Length > 1500 ? s[..1500] + "…" : s;
}
