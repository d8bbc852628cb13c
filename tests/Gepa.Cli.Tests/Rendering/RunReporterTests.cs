using System.Text.Json.Nodes;
using Gepa.Cli.Output;
using Gepa.Cli.Rendering;
using Gepa.Cli.Tests.TestSupport;
using Gepa.Tests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;
using Xunit;

namespace Gepa.Cli.Tests.Rendering;

public sealed class RunReporterTests
{
    private static async Task Drive(GepaCallbacks c)
    {
        await c.OnIterationStart.InvokeAsync(new IterationStartArgs(1));
        await c.OnBudgetUpdated.InvokeAsync(new BudgetUpdatedArgs(12, 12, 40));
        await c.OnValsetEvaluated.InvokeAsync(new ValsetEvaluatedArgs(1, 0, 0.5, true, new Dictionary<int, double>()));
        await c.OnCandidateRejected.InvokeAsync(new CandidateRejectedArgs(1, 0.5, 0.4, "not better"));
        await c.OnCandidateAccepted.InvokeAsync(new CandidateAcceptedArgs(2, 1, 0.75, 1, 3, [0]));
        await c.OnValsetEvaluated.InvokeAsync(new ValsetEvaluatedArgs(2, 1, 0.75, true, new Dictionary<int, double>()));
        await c.OnCheckpoint.InvokeAsync(Checkpoint(iteration: 0, rollouts: 12, accepted: 1, tried: 2));
    }

    /// <summary>The engine's checkpoint after <paramref name="iteration"/> (0-based) with its counters.</summary>
    private static GepaCheckpoint Checkpoint(int iteration, int rollouts, int accepted, int tried) => new()
    {
        Iteration = iteration,
        TotalMetricCalls = rollouts,
        Counters = new Dictionary<string, long> { ["proposalsAccepted"] = accepted, ["proposalsTried"] = tried },
    };

    [Fact]
    public async Task Live_DrawsBarWithRolloutsBestAndProposals()
    {
        var console = new TestConsole().Interactive();
        var reporter = new RunReporter(OutputMode.Live, TextWriter.Null, console, budget: 40);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);

        await reporter.RunAsync(async () =>
        {
            await Drive(callbacks);
            return 0;
        });

        Assert.Contains("rollouts 12/40 · iteration 1 · best 0.75 · accepted 1/2", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_OneStatusLinePerIteration()
    {
        using var output = new StringWriter();
        var reporter = new RunReporter(OutputMode.Plain, output, null, budget: 40);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);

        await Drive(callbacks);

        Assert.Equal("rollouts 12/40 · iteration 1 · best 0.75 · accepted 1/2", output.ToString().Trim());
    }

    [Fact]
    public async Task JsonLines_EachLineIsOneEvent()
    {
        using var output = new StringWriter();
        var reporter = new RunReporter(OutputMode.JsonLines, output, null, budget: 40);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);

        await Drive(callbacks);
        reporter.Event(new ProgressEvent { Event = "summary", StopReason = "BudgetExhausted" });

        var events = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["event"]!.GetValue<string>()).ToList();
        Assert.Equal(["rejected", "accepted", "iteration", "summary"], events);
    }

    [Fact]
    public async Task JsonLines_AcceptedEvent_CarriesTheValidationScoreNotTheMinibatchSum()
    {
        using var output = new StringWriter();
        var reporter = new RunReporter(OutputMode.JsonLines, output, null, budget: 40);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);

        await Drive(callbacks); // accepted: validation 0.75 after minibatch sums 1 -> 3

        var accepted = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Single(e => e["event"]!.GetValue<string>() == "accepted");
        Assert.Equal(0.75, accepted["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Quiet_PrintsNothingDuringTheRun()
    {
        using var output = new StringWriter();
        var reporter = new RunReporter(OutputMode.Quiet, output, null, budget: 40);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);

        reporter.Info("budget 40 allows about 3 proposals");
        await Drive(callbacks);

        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Counts_ComeFromTheEngineCheckpoint_NotFromCountingCallbacks()
    {
        // 115 accept/reject callbacks (identical proposals rejected unevaluated, merges accepted), while the engine counts
        // 49 of 106 tried: the live line must say what the summary will say.
        using var output = new StringWriter();
        var reporter = new RunReporter(OutputMode.Plain, output, null, budget: 400);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);
        for (var i = 0; i < 49; i++)
        {
            await callbacks.OnCandidateAccepted.InvokeAsync(new CandidateAcceptedArgs(i + 1, i + 1, 0.5, 1, 2, [0]));
        }

        for (var i = 0; i < 66; i++)
        {
            await callbacks.OnCandidateRejected.InvokeAsync(new CandidateRejectedArgs(i + 1, 2, double.NaN, "the proposal is identical to candidate 3, so it was not evaluated"));
        }

        await callbacks.OnCheckpoint.InvokeAsync(Checkpoint(iteration: 114, rollouts: 390, accepted: 49, tried: 106));

        Assert.Equal((49, 106), (reporter.State.Accepted, reporter.State.Tried));
        Assert.EndsWith("accepted 49/106", output.ToString().Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_Json_LastIterationEventAgreesWithTheSummary()
    {
        // A RuleWorld run (simulated) whose reflection repeats itself: identical proposals are rejected without being tried.
        using var h = new CliHarness();
        h.Write("gepa.yaml", "task: rule-world\ntask-model: {provider: rule-world}\nreflection-model: {provider: rule-world}\n"
            + "world: {rules: 8, modules: 2, train: 16, val: 10}\nengine: {max-metric-calls: 400, seed: 2, minibatch-size: 3, merge: {enabled: true, val-overlap-floor: 2}}\n");

        Assert.True(await h.RunAsync("optimize", "gepa.yaml", "--out", "run", "--json") == 0, h.Error);

        var events = h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var last = events.Last(e => e["event"]!.GetValue<string>() == "iteration");
        var summary = events.Single(e => e["event"]!.GetValue<string>() == "summary");
        var file = JsonNode.Parse(File.ReadAllText(h.Path("run/summary.json")))!;
        Assert.Equal(summary["tried"]!.GetValue<int>(), last["tried"]!.GetValue<int>());
        Assert.Equal(summary["accepted"]!.GetValue<int>(), last["accepted"]!.GetValue<int>());
        Assert.Equal(file["proposalsTried"]!.GetValue<int>(), last["tried"]!.GetValue<int>());
        Assert.Equal(summary["iteration"]!.GetValue<int>(), last["iteration"]!.GetValue<int>());
        // Counting the accept and reject callbacks, as the display did, gives another number: the test would show nothing.
        Assert.NotEqual(last["tried"]!.GetValue<int>(), events.Count(e => e["event"]!.GetValue<string>() is "accepted" or "rejected"));
    }

    [Fact]
    public async Task Live_At80Columns_EveryLineFits_AndThePercentageStaysOnTheBarLine()
    {
        var console = new TestConsole().Interactive().Width(80).EmitAnsiSequences();
        var reporter = new RunReporter(OutputMode.Live, TextWriter.Null, console, budget: 12_000);
        var callbacks = new GepaCallbacks();
        reporter.Attach(callbacks);

        await reporter.RunAsync(async () =>
        {
            await callbacks.OnIterationStart.InvokeAsync(new IterationStartArgs(1234));
            await callbacks.OnBudgetUpdated.InvokeAsync(new BudgetUpdatedArgs(5_040, 12, 12_000));
            await callbacks.OnValsetEvaluated.InvokeAsync(new ValsetEvaluatedArgs(1234, 0, 0.876543, true, new Dictionary<int, double>()));
            await callbacks.OnCheckpoint.InvokeAsync(Checkpoint(iteration: 1233, rollouts: 5_040, accepted: 149, tried: 1_115));
            return 0;
        });

        // Each frame is drawn over the last with cursor moves: every escape sequence and newline ends a piece of screen line.
        var lines = System.Text.RegularExpressions.Regex.Split(console.Output, "\u001b\\[[0-9;?]*[A-Za-z]|\r?\n");
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"a line of {l.Length} columns: '{l}'"));
        Assert.Contains(lines, l => l.Contains('━', StringComparison.Ordinal) && l.Contains(" 42%", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rollouts 5040/12000 · iteration 1234 · best 0.8765 · accepted 149/1115", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Trim().Length is > 0 and <= 2); // nothing broken one character per line
    }

    [Theory]
    [InlineData(80)]
    [InlineData(40)]
    [InlineData(200)]
    public void DisplayLines_NeverReachTheWidth(int width)
    {
        var reporter = new RunReporter(OutputMode.Plain, TextWriter.Null, null, budget: 100_000);
        reporter.State.Restore(54_321, 99_999, 0.123456789, 12_345, 67_890);
        reporter.Activity.Enter(ChatRoles.Reflection);

        Assert.All(reporter.DisplayLines(width), l => Assert.True(l.Length < width, $"{l.Length} columns at width {width}: '{l}'"));
        Assert.Contains("%", reporter.DisplayLines(width)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Eta_FollowsTheRolloutRateOfThisSession()
    {
        var clock = new FakeTimeProvider();
        var reporter = new RunReporter(OutputMode.Plain, TextWriter.Null, null, budget: 300, clock);
        reporter.State.SetRollouts(0);
        Assert.Null(reporter.Eta());

        clock.Advance(TimeSpan.FromSeconds(10));
        reporter.State.SetRollouts(100); // 10 rollouts a second, 200 to go

        Assert.Equal(TimeSpan.FromSeconds(20), reporter.Eta());
        Assert.Contains("about 20s left", reporter.DisplayLines(80)[0], StringComparison.Ordinal);
        Assert.Contains(" 33%", reporter.DisplayLines(80)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DisplayLines_ModelSlowToAnswer_SaysWhatTheRunIsWaitingFor()
    {
        var clock = new FakeTimeProvider();
        var reporter = new RunReporter(OutputMode.Plain, TextWriter.Null, null, budget: 300, clock);
        for (var i = 0; i < 4; i++)
        {
            reporter.Activity.Enter(ChatRoles.Task);
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(reporter.DisplayLines(80), l => l.StartsWith("waiting", StringComparison.Ordinal)); // not slow yet

        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Contains("waiting for the task model (4 in flight, no answer for 12s)", reporter.DisplayLines(80));

        reporter.Activity.Exit(ChatRoles.Task); // an answer: the wait starts over
        Assert.DoesNotContain(reporter.DisplayLines(80), l => l.StartsWith("waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_ModelSlowToAnswer_PrintsOneLineSayingSo()
    {
        var clock = new TimerWatchingTimeProvider();
        var output = new LiveWriter();
        var reporter = new RunReporter(OutputMode.Plain, output, null, budget: 300, clock);
        var ct = TestContext.Current.CancellationToken;

        await reporter.RunAsync(async () =>
        {
            reporter.Activity.Enter(ChatRoles.Reflection);

            // A second at a time, each advance made once the display waits for its next tick (its timer exists), so
            // every tick runs at the second it is due, however late a busy machine runs it. Advancing on a 10 ms sleep
            // instead let ticks fall behind the clock on a busy machine, and the line could say 30 s or more.
            var timers = 1;
            await clock.WaitForTimersAsync(timers, ct);
            while (!output.ToString().Contains("waiting", StringComparison.Ordinal) && timers < 200)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await clock.WaitForTimersAsync(++timers, ct);
            }

            // Half a minute later the line is not said again.
            clock.Advance(TimeSpan.FromSeconds(30));
            await clock.WaitForTimersAsync(++timers, ct);
            return 0;
        });

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var waiting = Assert.Single(lines, l => l.StartsWith("waiting for the reflection model (1 in flight, no answer for ", StringComparison.Ordinal));
        Assert.Contains("no answer for 2", waiting, StringComparison.Ordinal); // said once, at about 20 s
    }

    [Fact]
    public async Task Observe_CountsCallsInFlightPerRole()
    {
        var reporter = new RunReporter(OutputMode.Plain, TextWriter.Null, null, budget: 10);
        var gate = new TaskCompletionSource();
        using var task = new GatedChatClient(gate.Task);
        using var reflection = new GatedChatClient(Task.CompletedTask);
        using var clients = reporter.Observe(new Gepa.Cli.Running.ModelClients(task, reflection, null));

        var ct = TestContext.Current.CancellationToken;
        var pending = new[] { clients.Task.GetResponseAsync("a", cancellationToken: ct), clients.Task.GetResponseAsync("b", cancellationToken: ct) };
        await clients.Reflection.GetResponseAsync("c", cancellationToken: ct);

        Assert.Equal([(ChatRoles.Task, 2)], reporter.Activity.Snapshot().Select(a => (a.Role, a.InFlight)));
        gate.SetResult();
        await Task.WhenAll(pending);
        Assert.Empty(reporter.Activity.Snapshot());
    }

    [Theory]
    [InlineData("quiet")]
    [InlineData("json-lines")]
    public void Observe_ModeThatNeverShowsCallsInFlight_ReturnsThePipelinesUnwrapped(string mode)
    {
        var reporter = new RunReporter(mode == "quiet" ? OutputMode.Quiet : OutputMode.JsonLines, TextWriter.Null, null, budget: 10);
        using var task = new GatedChatClient(Task.CompletedTask);
        using var reflection = new GatedChatClient(Task.CompletedTask);
        var clients = new Gepa.Cli.Running.ModelClients(task, reflection, null);

        var observed = reporter.Observe(clients);

        Assert.Same(clients, observed);
    }

    private sealed class GatedChatClient(Task gate) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await gate;
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
