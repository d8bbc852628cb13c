using System.Text.Json.Nodes;
using Gepa.Cli.Output;
using Gepa.Cli.Rendering;
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
        await c.OnCandidateAccepted.InvokeAsync(new CandidateAcceptedArgs(2, 1, 0.75, [0]));
        await c.OnValsetEvaluated.InvokeAsync(new ValsetEvaluatedArgs(2, 1, 0.75, true, new Dictionary<int, double>()));
        await c.OnIterationEnd.InvokeAsync(new IterationEndArgs(2, true));
    }

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
}
