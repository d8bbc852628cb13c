using Microsoft.Extensions.Time.Testing;

namespace Gepa.Tests;

/// <summary>A <see cref="FakeTimeProvider"/> that also says when a timer is created on it (a delay awaited through the
/// provider creates one). A test that advances the clock past a delay must first wait for that delay to exist:
/// advancing earlier, while the code under test is still on its way to the delay, leaves the delay to start from the
/// advanced time and never end.</summary>
internal sealed class TimerWatchingTimeProvider : TimeProvider
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _timers;

    /// <summary>Gets the number of timers created so far.</summary>
    public int Timers
    {
        get
        {
            lock (_lock)
            {
                return _timers;
            }
        }
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => _clock.TimestampFrequency;

    /// <summary>Moves the clock forward, firing the timers that fall due.</summary>
    /// <param name="delta">How far.</param>
    public void Advance(TimeSpan delta) => _clock.Advance(delta);

    /// <summary>Waits until <paramref name="count"/> timers have been created in all.</summary>
    /// <param name="count">The number of timers.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes then.</returns>
    public Task WaitForTimersAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_timers >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));

            // Bounded only so that a broken test ends: nothing here depends on how fast the machine is.
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    /// <inheritdoc/>
    public override long GetTimestamp() => _clock.GetTimestamp();

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // The timer exists on the clock before anyone hears of it, so an Advance made by a waiter reaches it.
        var timer = _clock.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            _timers++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _timers).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return timer;
    }
}
