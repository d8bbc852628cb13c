using System.Diagnostics;
using System.Text.Json.Nodes;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Runs;

/// <summary>The real tool as a child process on a RuleWorld run (simulated, deterministic models served on loopback): killed
/// with SIGKILL at many points, or interrupted with Ctrl+C, then resumed, it must end exactly as the uninterrupted run.</summary>
public sealed class KillAndResumeTests(KillAndResumeTests.Baseline baseline) : IClassFixture<KillAndResumeTests.Baseline>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Resume_AfterSigkillAtManyPoints_EndsExactlyAsTheUninterruptedRun()
    {
        var rw = baseline.World;
        var dir = rw.Path("killed");
        var events = new RunDirectoryProbe.LineCounter(Path.Combine(dir, "events.jsonl"));
        var random = new Random(20261125);
        var kills = new List<string>();
        string[] args = ["optimize", rw.ConfigPath, "--out", "killed", "--quiet"];

        // The first kills land during the seed's validation (no checkpoint yet) and around the first checkpoint; the
        // others at random points, often inside an iteration and sometimes while state.json is being written.
        int[] firstDeltas = [1, 3, 5];
        for (var k = 0; k < 11; k++)
        {
            var delta = k < firstDeltas.Length ? firstDeltas[k] : random.Next(15, 60);
            var start = events.Poll();
            using var process = CliProcess.Start(rw.Root, null, args);
            var watch = Stopwatch.StartNew();
            while (!process.Process.HasExited && events.Poll() < start + delta && watch.Elapsed < ProcessTimeout)
            {
                await Task.Delay(1, TestContext.Current.CancellationToken);
            }

            if (process.Process.HasExited)
            {
                // The run reached its end before this kill: what it wrote is the final state, checked below.
                Assert.True(await process.WaitAsync(ProcessTimeout) == 0, process.Error);
                break;
            }

            process.Kill();
            await process.WaitAsync(ProcessTimeout);
            kills.Add(RunDirectoryProbe.Kill(dir, events.Poll() - start, k + 1));
            args = ["resume", "killed", "--quiet"];
        }

        Assert.True(kills.Count >= 8, "too few kills landed before the run ended: " + string.Join("; ", kills));
        using var last = CliProcess.Start(rw.Root, null, args);
        var code = await last.WaitAsync(ProcessTimeout);
        Assert.True(code == 0, $"exit {code}: {last.Error}\nkills: {string.Join("; ", kills)}");
        TestContext.Current.SendDiagnosticMessage("killed at: " + string.Join("; ", kills));

        AssertSameRun(baseline.Decisions, dir, kills);
        var lines = File.ReadAllLines(Path.Combine(dir, "events.jsonl"));
        Assert.All(lines, l => JsonNode.Parse(l)); // no torn line survives a resume
        Assert.Equal(kills.Count, lines.Count(l => l.Contains("\"event\":\"resume\"", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.Equal(kills.Count + 1, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["session"]!.GetValue<int>());
    }

    [Fact]
    public async Task CtrlC_StopsGracefully_SaysResumable_AndResumeEndsAsTheUninterruptedRun()
    {
        var rw = baseline.World;
        var gate = rw.Gate!;
        var dir = rw.Path("interrupted");

        // The model calls past a third of the uninterrupted run's are held, so the interrupt lands mid-run: polling the
        // run's progress instead let a loaded machine's test thread see the third too late, after the run had ended.
        gate.HoldAfter(baseline.ModelRequests / 3);
        try
        {
            using var process = CliProcess.Start(rw.Root, null, "optimize", rw.ConfigPath, "--out", "interrupted");
            var exited = process.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var first = await Task.WhenAny(gate.Held, exited).WaitAsync(ProcessTimeout, TestContext.Current.CancellationToken);
            Assert.True(first == gate.Held, $"the run ended before a third of its model calls\n{process.Out}\n{process.Error}");

            process.Interrupt();
            var code = await process.WaitAsync(ProcessTimeout);

            // Whole output in every message: a failure here says where the interrupt landed only in what the tool printed.
            var printed = $"exit {code}\nstdout:\n{process.Out}\nstderr:\n{process.Error}";
            Assert.True(code == 130, printed);
            Assert.True(process.Out.Contains("Stopped:   Cancelled", StringComparison.Ordinal), printed);
            Assert.True(process.Out.Contains("the run directory is consistent and resumable; continue with: gepa resume " + dir, StringComparison.Ordinal), printed);
        }
        finally
        {
            gate.Release();
        }

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("cancelled", summary["status"]!.GetValue<string>());
        Assert.True(summary["resumable"]!.GetValue<bool>());
        Assert.Equal("gepa resume " + dir, summary["resumeCommand"]!.GetValue<string>());
        var saved = GepaRunDirectory.ReadState(dir)!;
        Assert.True(saved.Checkpoint.Iteration >= 1);

        using var resumed = CliProcess.Start(rw.Root, null, "resume", "interrupted", "--quiet");
        Assert.Equal(0, await resumed.WaitAsync(ProcessTimeout));
        AssertSameRun(baseline.Decisions, dir, ["Ctrl+C after iteration " + (saved.Checkpoint.Iteration + 1)]);
    }

    [Fact]
    public async Task Resume_FinishedRun_CallsNoModelAndKeepsTheResult()
    {
        var rw = baseline.World;
        var copy = rw.Path("finished");
        CopyDirectory(rw.Path("base"), copy);
        File.Delete(Path.Combine(copy, "result.json")); // as if the finished run had been killed right after its last checkpoint
        var usageBefore = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "state.json")))!["host"]!["usage"]!.ToJsonString();

        using var resumed = CliProcess.Start(rw.Root, null, "resume", "finished", "--quiet");
        Assert.Equal(0, await resumed.WaitAsync(ProcessTimeout));

        // The usage carried over is the whole run's: had any model been called again, a count would have grown.
        var usageAfter = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "result.json")))!["usage"]!.ToJsonString();
        Assert.Equal(usageBefore, usageAfter);
        AssertSameRun(baseline.Decisions, copy, ["none"]);
    }

    private static void AssertSameRun(Dictionary<string, string> expected, string directory, IEnumerable<string> kills)
    {
        var actual = RunDirectoryProbe.Decisions(directory);
        foreach (var (file, content) in expected)
        {
            Assert.True(content == actual[file], $"{file} differs from the uninterrupted run's (kills: {string.Join("; ", kills)}).\nexpected: {Head(content)}\nactual:   {Head(actual[file])}");
        }
    }

    private static string Head(string s) => s.Length > 1500 ? s[..1500] + "…" : s;

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>The uninterrupted run every test compares against, made once.</summary>
    public sealed class Baseline : IAsyncLifetime
    {
        /// <summary>Gets the world and its scratch directory.</summary>
        public RuleWorldRun World { get; private set; } = null!;

        /// <summary>Gets the uninterrupted run's decisions.</summary>
        public Dictionary<string, string> Decisions { get; private set; } = [];

        /// <summary>Gets the number of model calls the uninterrupted run made.</summary>
        public int ModelRequests { get; private set; }

        /// <inheritdoc/>
        public async ValueTask InitializeAsync()
        {
            World = await RuleWorldRun.StartAsync(budget: 110, gated: true);
            using var process = CliProcess.Start(World.Root, null, "optimize", World.ConfigPath, "--out", "base", "--quiet");
            var code = await process.WaitAsync(ProcessTimeout);
            Assert.True(code == 0, process.Error);
            Decisions = RunDirectoryProbe.Decisions(World.Path("base"));
            ModelRequests = World.Gate!.Requests;

            // The run must be worth interrupting: several iterations, accepted and rejected proposals.
            var records = GepaRunDirectory.ReadProposals(World.Path("base"));
            Assert.Contains(records, r => r.Decision == ProposalRecord.Accepted && r.Kind == ProposalRecord.MutationKind);
            Assert.Contains(records, r => r.Decision == ProposalRecord.Rejected);
        }

        /// <inheritdoc/>
        public async ValueTask DisposeAsync() => await World.DisposeAsync();
    }
}
