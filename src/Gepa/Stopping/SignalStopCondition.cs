using System.Runtime.InteropServices;

namespace Gepa;

/// <summary>Stops a run gracefully on SIGINT or SIGTERM; see <see cref="StopConditions.OnSignal"/>.</summary>
public sealed class SignalStopCondition : IStopCondition, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile string? _signal;

    /// <summary>Initializes a new instance and starts listening for the signals.</summary>
    public SignalStopCondition()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Gets whether a signal was received.</summary>
    public bool Requested => _signal is not null;

    /// <summary>Simulates a signal; the next check stops the run.</summary>
    /// <param name="name">The signal's name, for the stop message.</param>
    public void Request(string name = "a stop request") => _signal ??= name;

    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context) =>
        _signal is { } s ? $"Stopped by {s}; the last iteration was completed, so the state is consistent." : null;

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _registrations.Clear();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_signal is not null)
        {
            return; // a second signal gets the default behaviour: the process ends
        }

        context.Cancel = true;
        _signal = context.Signal.ToString();
    }
}
