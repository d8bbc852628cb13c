using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Gepa;

/// <summary>Turns a run's callbacks into an <see cref="IAsyncEnumerable{T}"/>: the progress events as they happen, then
/// one <see cref="GepaRunEventKind.Completed"/> event with the result. For hosts that stream progress (a worker's log, a
/// server-sent-events endpoint, a SignalR hub).</summary>
public static class GepaRunEvents
{
    /// <summary>The number of events held while the reader is busy; past it the run waits for the reader.</summary>
    public const int DefaultCapacity = 256;

    /// <summary>Runs <paramref name="run"/> and yields its events, then the result.</summary>
    /// <param name="callbacks">The callbacks of the options the run uses (<c>GepaOptions.Callbacks</c>); the stream
    /// subscribes for the run's length and unsubscribes at the end, so other subscribers are untouched.</param>
    /// <param name="run">Starts the run, for example <c>ct =&gt; optimizer.OptimizeAsync(seed, train, val, ct)</c>; it receives a
    /// token that is cancelled when the reader stops early or <paramref name="cancellationToken"/> fires.</param>
    /// <param name="capacity">How many events may wait for the reader; a slow reader slows the run, never loses an event.</param>
    /// <param name="cancellationToken">Stops the run (the engine returns the result so far, which is yielded).</param>
    /// <returns>The events in the order the engine raised them, ending with <see cref="GepaRunEventKind.Completed"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    /// <remarks>Use one stream per options instance at a time: two concurrent runs on one <see cref="GepaCallbacks"/>
    /// would each see the other's events. An exception thrown by the run is rethrown after the events before it.
    /// When the reader stops early, the run is cancelled and awaited before the enumeration ends.</remarks>
    public static async IAsyncEnumerable<GepaRunEvent> StreamAsync(
        GepaCallbacks callbacks,
        Func<CancellationToken, Task<GepaResult>> run,
        int capacity = DefaultCapacity,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);

        var channel = Channel.CreateBounded<GepaRunEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscriptions = Subscribe(callbacks, e => channel.Writer.WriteAsync(e, stop.Token));
        Task<GepaResult>? running = null;
        try
        {
            running = Task.Run(
                async () =>
                {
                    try
                    {
                        return await run(stop.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        channel.Writer.TryComplete();
                    }
                },
                CancellationToken.None);

            await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return e;
            }

            var result = await running.ConfigureAwait(false);
            yield return new GepaRunEvent(GepaRunEventKind.Completed, null, result);
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            if (running is { IsCompleted: false })
            {
                // The reader left early: stop the run and wait for it, so no run outlives its stream.
                await stop.CancelAsync().ConfigureAwait(false);
                await ((Task)running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static List<IDisposable> Subscribe(GepaCallbacks c, Func<GepaRunEvent, ValueTask> write) =>
    [
        c.OnOptimizationStart.Subscribe(a => write(new(GepaRunEventKind.OptimizationStarted, a))),
        c.OnIterationStart.Subscribe(a => write(new(GepaRunEventKind.IterationStarted, a))),
        c.OnBudgetUpdated.Subscribe(a => write(new(GepaRunEventKind.BudgetUpdated, a))),
        c.OnValsetEvaluated.Subscribe(a => write(new(GepaRunEventKind.ValsetEvaluated, a))),
        c.OnCandidateAccepted.Subscribe(a => write(new(GepaRunEventKind.CandidateAccepted, a))),
        c.OnCandidateRejected.Subscribe(a => write(new(GepaRunEventKind.CandidateRejected, a))),
        c.OnProposalFailed.Subscribe(a => write(new(GepaRunEventKind.ProposalFailed, a))),
        c.OnMergeAccepted.Subscribe(a => write(new(GepaRunEventKind.MergeAccepted, a))),
        c.OnError.Subscribe(a => write(new(GepaRunEventKind.Error, a))),
        c.OnIterationEnd.Subscribe(a => write(new(GepaRunEventKind.IterationEnded, a))),
        c.OnOptimizationEnd.Subscribe(a => write(new(GepaRunEventKind.OptimizationEnded, a))),
    ];
}
