using System.Globalization;
using System.Text.Json;
using Gepa.Cli.Output;
using Spectre.Console;

namespace Gepa.Cli.Rendering;

/// <summary>Shows a run's progress in the chosen <see cref="OutputMode"/>: a live bar, plain lines, JSON-lines events, or
/// nothing; and wires itself into the engine's callbacks.</summary>
internal sealed class RunReporter
{
    private readonly OutputMode _mode;
    private readonly TextWriter _out;
    private readonly IAnsiConsole? _console;
    private readonly Lock _writeLock = new();
    private ProgressTask? _bar;

    /// <summary>Initializes a reporter.</summary>
    /// <param name="mode">The output mode.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="console">The console for the live bar.</param>
    /// <param name="budget">The rollout budget.</param>
    public RunReporter(OutputMode mode, TextWriter output, IAnsiConsole? console, int? budget)
    {
        _mode = mode == OutputMode.Live && console is null ? OutputMode.Plain : mode;
        _out = output;
        _console = console;
        State = new RunProgressState { Budget = budget };
    }

    /// <summary>Gets the counters.</summary>
    public RunProgressState State { get; }

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
            State.RecordProposal(accepted: true);
            Event(new ProgressEvent { Event = "accepted", Iteration = a.Iteration, Score = a.NewScore, Rollouts = State.Rollouts, Budget = State.Budget, Accepted = State.Accepted, Tried = State.Tried });
            return ValueTask.CompletedTask;
        });
        callbacks.OnCandidateRejected.Subscribe(a =>
        {
            State.RecordProposal(accepted: false);
            Event(new ProgressEvent { Event = "rejected", Iteration = a.Iteration, Score = a.NewScore, Message = a.Reason, Rollouts = State.Rollouts, Budget = State.Budget, Accepted = State.Accepted, Tried = State.Tried });
            return ValueTask.CompletedTask;
        });
        callbacks.OnProposalFailed.Subscribe(a =>
        {
            Event(new ProgressEvent { Event = "failed", Iteration = a.Iteration, Message = a.Reason });
            return ValueTask.CompletedTask;
        });
        callbacks.OnIterationEnd.Subscribe(a =>
        {
            Event(new ProgressEvent { Event = "iteration", Iteration = a.Iteration, Rollouts = State.Rollouts, Budget = State.Budget, BestScore = Finite(State.BestScore), Accepted = State.Accepted, Tried = State.Tried });
            if (_mode == OutputMode.Plain)
            {
                Write(StatusLine());
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Runs <paramref name="run"/>, with the live bar drawn around it in live mode.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="run">The run.</param>
    /// <returns>The run's result.</returns>
    public async Task<T> RunAsync<T>(Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_mode != OutputMode.Live)
        {
            return await run();
        }

        return await _console!.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                _bar = ctx.AddTask(StatusLine(), maxValue: State.Budget ?? 1);
                try
                {
                    return await run();
                }
                finally
                {
                    Refresh();
                    _bar.StopTask();
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

    private static double? Finite(double d) => double.IsNaN(d) ? null : d;

    private void Refresh()
    {
        if (_bar is not null)
        {
            _bar.Value = State.Rollouts;
            _bar.Description = Markup.Escape(StatusLine());
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
