using System.Globalization;
using System.Text;
using System.Text.Json;
using Gepa.Cli.Output;
using Gepa.Cli.Running;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gepa.Cli.Rendering;

/// <summary>Shows a run's progress in the chosen <see cref="OutputMode"/>: a live display, plain lines, JSON-lines events, or
/// nothing; and wires itself into the engine's callbacks.</summary>
/// <remarks>The live display is drawn by this class, line by line, each line cut to the terminal's width, so nothing wraps
/// at 80 columns: a bar with the percentage, the time taken and the time left (from the rollout rate of this session), the
/// counters, and, while a model has not answered for a while, what the run is waiting for.</remarks>
internal sealed class RunReporter
{
    /// <summary>How long a model may go without answering before the display says the run is waiting for it.</summary>
    public static readonly TimeSpan WaitingAfter = TimeSpan.FromSeconds(3);

    /// <summary>How long a model may go without answering before a plain-output run prints a line saying so.</summary>
    public static readonly TimeSpan PlainWaitingAfter = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly OutputMode _mode;
    private readonly TextWriter _out;
    private readonly IAnsiConsole? _console;
    private readonly Lock _writeLock = new();
    private readonly TimeProvider _time;
    private long _started;
    private int _startRollouts;
    private int _lastReportedIteration = -1;
    private LiveDisplayContext? _live;
    private HashSet<string> _plainWaitReported = new(StringComparer.Ordinal);

    /// <summary>Initializes a reporter.</summary>
    /// <param name="mode">The output mode.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="console">The console for the live display.</param>
    /// <param name="budget">The rollout budget.</param>
    /// <param name="timeProvider">The clock (elapsed time, time left, waiting).</param>
    public RunReporter(OutputMode mode, TextWriter output, IAnsiConsole? console, int? budget, TimeProvider? timeProvider = null)
    {
        _mode = mode == OutputMode.Live && console is null ? OutputMode.Plain : mode;
        _out = output;
        _console = console;
        _time = timeProvider ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        State = new RunProgressState { Budget = budget };
        Activity = new ModelActivity(_time);
    }

    /// <summary>Gets the counters.</summary>
    public RunProgressState State { get; }

    /// <summary>Gets the model calls in flight.</summary>
    public ModelActivity Activity { get; }

    /// <summary>Gets the effective mode.</summary>
    public OutputMode Mode => _mode;

    /// <summary>Prints an informational line (not in quiet or JSON mode).</summary>
    /// <param name="line">The line.</param>
    public void Info(string line)
    {
        if (_mode is OutputMode.Live or OutputMode.Plain)
        {
            Write(line);
        }
    }

    /// <summary>Emits a JSON-lines event (JSON mode only).</summary>
    /// <param name="e">The event.</param>
    public void Event(ProgressEvent e)
    {
        if (_mode == OutputMode.JsonLines)
        {
            // One object per line: the source-generated context writes indented JSON, so compact it.
            var json = JsonSerializer.Serialize(e, CliJsonContext.Default.ProgressEvent);
            using var doc = JsonDocument.Parse(json);
            Write(JsonSerializer.Serialize(doc.RootElement));
        }
    }

    /// <summary>Wraps every role's pipeline so that its calls in flight are counted for the display; in the modes that
    /// never show them (quiet, JSON lines) the pipelines are returned as they are, so that counting costs nothing there.</summary>
    /// <param name="clients">The pipelines.</param>
    /// <returns>The observed pipelines (disposing them disposes the originals).</returns>
    public ModelClients Observe(ModelClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        if (_mode is OutputMode.JsonLines or OutputMode.Quiet)
        {
            return clients;
        }

        return new ModelClients(
            new InFlightChatClient(clients.Task, ChatRoles.Task, Activity),
            new InFlightChatClient(clients.Reflection, ChatRoles.Reflection, Activity),
            clients.Judge is { } judge ? new InFlightChatClient(judge, ChatRoles.Judge, Activity) : null)
        {
            Embedder = clients.Embedder,
        };
    }

    /// <summary>Attaches the reporter to the engine's callbacks.</summary>
    /// <param name="callbacks">The engine callbacks.</param>
    public void Attach(GepaCallbacks callbacks)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        callbacks.OnBudgetUpdated.Subscribe(a =>
        {
            State.SetRollouts(a.Used);
            Refresh();
            return ValueTask.CompletedTask;
        });
        callbacks.OnIterationStart.Subscribe(a =>
        {
            State.SetIteration(a.Iteration);
            Refresh();
            return ValueTask.CompletedTask;
        });
        callbacks.OnValsetEvaluated.Subscribe(a =>
        {
            State.OfferScore(a.AverageScore);
            Refresh();
            return ValueTask.CompletedTask;
        });
        callbacks.OnCandidateAccepted.Subscribe(a =>
        {
            Event(new ProgressEvent { Event = "accepted", Iteration = a.Iteration, Score = a.ValScore, Rollouts = State.Rollouts, Budget = State.Budget });
            return ValueTask.CompletedTask;
        });
        callbacks.OnCandidateRejected.Subscribe(a =>
        {
            Event(new ProgressEvent { Event = "rejected", Iteration = a.Iteration, Score = double.IsFinite(a.NewScore) ? a.NewScore : null, Message = a.Reason, Rollouts = State.Rollouts, Budget = State.Budget });
            return ValueTask.CompletedTask;
        });
        callbacks.OnProposalFailed.Subscribe(a =>
        {
            Event(new ProgressEvent { Event = "failed", Iteration = a.Iteration, Message = a.Reason });
            return ValueTask.CompletedTask;
        });

        // The engine's checkpoint ends every iteration and carries the counters the summary is made from.
        callbacks.OnCheckpoint.Subscribe(cp =>
        {
            Checkpoint(cp);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Takes the counters of an engine checkpoint and, after an iteration, reports it.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    public void Checkpoint(GepaCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        State.SetRollouts(checkpoint.TotalMetricCalls);
        State.SetProposals((int)checkpoint.Counters.GetValueOrDefault("proposalsAccepted"), (int)checkpoint.Counters.GetValueOrDefault("proposalsTried"));
        var finished = checkpoint.Iteration + 1;
        Refresh();
        if (finished <= 0 || finished <= _lastReportedIteration)
        {
            return; // the seed's checkpoint, or a resumed run's first checkpoint (already reported by its session)
        }

        _lastReportedIteration = finished;
        Event(new ProgressEvent { Event = "iteration", Iteration = finished, Rollouts = State.Rollouts, Budget = State.Budget, BestScore = Finite(State.BestScore), Accepted = State.Accepted, Tried = State.Tried });
        if (_mode == OutputMode.Plain)
        {
            Write(StatusLine() + (Eta() is { } eta ? " · " + Remaining(eta) : ""));
        }
    }

    /// <summary>Runs <paramref name="run"/>, with the live display drawn around it in live mode (and, in plain mode, a line
    /// when a model keeps the run waiting).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="run">The run.</param>
    /// <returns>The run's result.</returns>
    public async Task<T> RunAsync<T>(Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _started = _time.GetTimestamp();
        _startRollouts = State.Rollouts;
        _lastReportedIteration = Math.Max(_lastReportedIteration, State.Iteration);
        if (_mode is OutputMode.JsonLines or OutputMode.Quiet)
        {
            return await run();
        }

        using var stop = new CancellationTokenSource();
        if (_mode == OutputMode.Plain)
        {
            var watch = Task.Run(() => TickAsync(ReportPlainWaits, stop.Token), CancellationToken.None);
            try
            {
                return await run();
            }
            finally
            {
                await stop.CancelAsync();
                await watch;
            }
        }

        return await _console!.Live(Render())
            .AutoClear(false)
            .Overflow(VerticalOverflow.Visible)
            .StartAsync(async ctx =>
            {
                _live = ctx;
                var ticks = Task.Run(() => TickAsync(Refresh, stop.Token), CancellationToken.None);
                try
                {
                    return await run();
                }
                finally
                {
                    await stop.CancelAsync();
                    await ticks;
                    Refresh();
                    _live = null;
                }
            });
    }

    /// <summary>Formats the one-line status: rollouts, iteration, best score, proposals.</summary>
    /// <returns>The line.</returns>
    public string StatusLine()
    {
        var budget = State.Budget is { } b ? "/" + b.ToString(CultureInfo.InvariantCulture) : "";
        var best = double.IsNaN(State.BestScore) ? "-" : State.BestScore.ToString("0.####", CultureInfo.InvariantCulture);
        return $"rollouts {State.Rollouts}{budget} · iteration {State.Iteration} · best {best} · accepted {State.Accepted}/{State.Tried}";
    }

    /// <summary>The lines of the live display at a terminal width: the bar with percentage, time and time left; the counters;
    /// and one line per model that has kept the run waiting. No line is longer than <paramref name="width"/> − 1.</summary>
    /// <param name="width">The terminal's width in columns.</param>
    /// <returns>The lines, as plain text.</returns>
    public IReadOnlyList<string> DisplayLines(int width)
    {
        var max = Math.Max(20, width) - 1;
        var lines = new List<string>();
        var elapsed = _time.GetElapsedTime(_started);
        var tail = new StringBuilder();
        if (State.Budget is { } budget && budget > 0)
        {
            var share = Math.Clamp((double)State.Rollouts / budget, 0, 1);
            tail.Append(CultureInfo.InvariantCulture, $" {share * 100,3:0}% · {Clock(elapsed)}");
            tail.Append(Eta() is { } eta ? " · " + Remaining(eta) : " · estimating time left");
            var barWidth = Math.Clamp(max - tail.Length, 0, 40);
            if (barWidth < 8)
            {
                // Too narrow for a bar: the percentage alone, still on one line.
                lines.Add(Cut(tail.ToString().TrimStart(), max));
            }
            else
            {
                var done = (int)Math.Round(share * barWidth);
                lines.Add(new string('━', done) + new string('─', barWidth - done) + tail);
            }
        }
        else
        {
            lines.Add(Cut($"{Clock(elapsed)} elapsed (no rollout budget)", max));
        }

        lines.Add(Cut(StatusLine(), max));
        lines.AddRange(Waits(WaitingAfter).Select(w => Cut(w, max)));
        return lines;
    }

    /// <summary>The time the rest of the budget should take at this session's rollout rate, once it can be told.</summary>
    /// <returns>The estimate, or <see langword="null"/> with no budget, no rollout yet in this session, or under a second in.</returns>
    public TimeSpan? Eta()
    {
        var elapsed = _time.GetElapsedTime(_started);
        var spent = State.Rollouts - _startRollouts;
        if (State.Budget is not { } budget || spent <= 0 || elapsed < TimeSpan.FromSeconds(1))
        {
            return null;
        }

        var left = Math.Max(0, budget - State.Rollouts);
        return TimeSpan.FromSeconds(Math.Min(left * elapsed.TotalSeconds / spent, TimeSpan.FromDays(365).TotalSeconds));
    }

    /// <summary>Formats a duration as a clock: <c>12s</c>, <c>3m 05s</c>, <c>1h 02m</c>.</summary>
    /// <param name="t">The duration.</param>
    /// <returns>The text.</returns>
    public static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m {t.Seconds:00}s" : $"{(int)t.TotalSeconds}s";

    private static string Remaining(TimeSpan eta) => $"about {Clock(eta)} left";

    private static string Cut(string line, int max) => line.Length <= max ? line : line[..(max - 1)] + "…";

    private static double? Finite(double d) => double.IsNaN(d) ? null : d;

    private static string RoleName(string role) => role switch
    {
        ChatRoles.Task => "the task model",
        ChatRoles.Reflection => "the reflection model",
        ChatRoles.Judge => "the judge model",
        _ => role,
    };

    private static string WaitLine((string Role, int InFlight, TimeSpan Waiting) a) =>
        $"waiting for {RoleName(a.Role)} ({a.InFlight} in flight, no answer for {Clock(a.Waiting)})";

    private IEnumerable<string> Waits(TimeSpan after) => Activity.Snapshot().Where(a => a.Waiting >= after).Select(WaitLine);

    private async Task TickAsync(Action tick, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RefreshInterval, _time, cancellationToken);
                tick();
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    private void ReportPlainWaits()
    {
        var waiting = Activity.Snapshot().Where(a => a.Waiting >= PlainWaitingAfter).ToList();
        foreach (var a in waiting.Where(a => !_plainWaitReported.Contains(a.Role)))
        {
            Write(WaitLine(a));
        }

        // Said once per wait: a role is reported again only after it answered.
        _plainWaitReported = waiting.Select(a => a.Role).ToHashSet(StringComparer.Ordinal);
    }

    private Rows Render()
    {
        var width = _console?.Profile.Width ?? 80;
        var lines = DisplayLines(width);
        var rows = new List<IRenderable>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var style = i == 0 ? new Style(Color.SteelBlue1) : i == 1 ? Style.Plain : new Style(Color.Yellow);
            rows.Add(new Text(lines[i], style) { Overflow = Overflow.Crop });
        }

        return new Rows(rows);
    }

    private void Refresh()
    {
        if (_live is { } live)
        {
            lock (_writeLock)
            {
                live.UpdateTarget(Render());
            }
        }
    }

    private void Write(string line)
    {
        lock (_writeLock)
        {
            _out.WriteLine(line);
        }
    }
}
