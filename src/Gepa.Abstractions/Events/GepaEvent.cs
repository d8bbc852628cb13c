using System.Runtime.ExceptionServices;

namespace Gepa;

/// <summary>One event the engine raises, with any number of subscribers: a progress display, a run-directory writer and
/// your own code can all watch one run without replacing each other.</summary>
/// <typeparam name="TArgs">The event's arguments.</typeparam>
/// <remarks>
/// <para>Subscribers run in the order they subscribed, one after another, and each is awaited. Every subscriber runs
/// even when an earlier one throws; the exception (or, when several throw, an <see cref="AggregateException"/> of them
/// all) is then rethrown to the engine, which logs it as a warning and goes on with the run.</para>
/// <para>Subscribing and unsubscribing are thread-safe; a raise already under way uses the subscribers it started with.</para>
/// </remarks>
public sealed class GepaEvent<TArgs>
{
    private readonly Lock _gate = new();
    private Func<TArgs, ValueTask>[] _handlers = [];

    /// <summary>Gets a value indicating whether anything subscribed, so that an event whose arguments are costly to
    /// build (a checkpoint) is built only when someone listens.</summary>
    public bool HasSubscribers => Volatile.Read(ref _handlers).Length > 0;

    /// <summary>Gets the number of subscribers.</summary>
    public int SubscriberCount => Volatile.Read(ref _handlers).Length;

    /// <summary>Adds a subscriber after those already there.</summary>
    /// <param name="handler">The subscriber.</param>
    /// <returns>A handle whose <see cref="IDisposable.Dispose"/> removes this subscription (and only this one, even
    /// when the same delegate subscribed twice); disposing it again does nothing.</returns>
    public IDisposable Subscribe(Func<TArgs, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);

        // Wrapping the delegate gives every subscription an identity of its own, so its removal cannot take a twin.
        var subscription = new Subscription(this, handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, subscription.Invoke];
        }

        return subscription;
    }

    /// <summary>Raises the event: runs every subscriber in order, awaiting each.</summary>
    /// <param name="args">The event's arguments.</param>
    /// <returns>A task that completes when every subscriber has run.</returns>
    /// <exception cref="Exception">The one subscriber that threw, rethrown as it was.</exception>
    /// <exception cref="AggregateException">Several subscribers threw.</exception>
    public async ValueTask InvokeAsync(TArgs args)
    {
        var handlers = Volatile.Read(ref _handlers);
        List<Exception>? errors = null;
        foreach (var handler in handlers)
        {
            try
            {
                await handler(args).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every subscriber runs; failures are reported together below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                (errors ??= []).Add(ex);
            }
        }

        if (errors is [var only])
        {
            ExceptionDispatchInfo.Capture(only).Throw();
        }

        if (errors is not null)
        {
            throw new AggregateException(errors);
        }
    }

    /// <summary>Adds every subscriber <paramref name="other"/> has now, after this event's own.</summary>
    internal void AddFrom(GepaEvent<TArgs> other)
    {
        foreach (var handler in Volatile.Read(ref other._handlers))
        {
            Subscribe(handler);
        }
    }

    private void Remove(Func<TArgs, ValueTask> invoke)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_handlers, invoke);
            if (index >= 0)
            {
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(GepaEvent<TArgs> owner, Func<TArgs, ValueTask> handler) : IDisposable
    {
        private int _disposed;

        public ValueTask Invoke(TArgs args) => handler(args);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(Invoke);
            }
        }
    }
}
