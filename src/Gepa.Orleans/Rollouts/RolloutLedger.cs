using System.Collections.Concurrent;

namespace Gepa.Orleans;

/// <summary>The run's ledger: each logical rollout key is committed once (insert if absent), and that commit is what
/// the budget counts. A late or duplicate result of a key already committed is a wasted execution, never budget.
/// Tokens and cost are summed per attempt, because a lost attempt was really paid for.</summary>
/// <remarks>Thread-safe. Without a store the committed keys live in this object (they die with the run's silo, and a
/// resumed run replays its last iteration against a fresh set); with an <see cref="IRolloutLedgerStore"/> they live in
/// the database, so a key is committed once for the life of the run whatever silo delivers it.</remarks>
public sealed class RolloutLedger
{
    private readonly ConcurrentDictionary<string, byte> _committed = new(StringComparer.Ordinal);
    private readonly IRolloutLedgerStore? _store;
    private readonly string? _runId;
    private long _rollouts;
    private long _executions;
    private long _inFlight;
    private long _duplicates;
    private long _inputTokens;
    private long _outputTokens;
    private long _costMicroUsd;

    /// <summary>Initializes a ledger that keeps its keys in memory.</summary>
    public RolloutLedger()
    {
    }

    /// <summary>Initializes a ledger that commits its keys to a store.</summary>
    /// <param name="store">The store.</param>
    /// <param name="runId">The run whose keys these are.</param>
    public RolloutLedger(IRolloutLedgerStore store, string runId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        _store = store;
        _runId = runId;
    }

    /// <summary>Gets whether the keys are committed to a store rather than kept in memory.</summary>
    public bool IsDurable => _store is not null;

    /// <summary>Gets the rollouts committed: the budget the cluster spent.</summary>
    public long Rollouts => Interlocked.Read(ref _rollouts);

    /// <summary>Gets the executions: every rollout dispatched to a worker, including attempts lost with a silo.</summary>
    public long Executions => Interlocked.Read(ref _executions);

    /// <summary>Gets the executions that bought no committed rollout: lost attempts and duplicate results.</summary>
    public long WastedExecutions => Executions - Rollouts - InFlight;

    /// <summary>Gets the executions dispatched by this ledger's run host whose results have not come back yet (neither
    /// budget nor waste until they do or are lost).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Gets the results that arrived for a key already committed.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Gets the input tokens of every attempt.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Gets the output tokens of every attempt.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Gets the cost of every attempt in US dollars.</summary>
    public decimal CostUsd => Interlocked.Read(ref _costMicroUsd) / 1_000_000m;

    /// <summary>Counts rollouts dispatched to a worker.</summary>
    /// <param name="count">How many.</param>
    public void AddExecutions(int count) => Interlocked.Add(ref _executions, count);

    /// <summary>Counts rollouts about to be dispatched to a worker, in the store too when there is one (before they are
    /// sent, so that if this run host dies the host that resumes the run still counts them, as wasted).</summary>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task.</returns>
    public async Task AddExecutionsAsync(int count, CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            await _store.AddExecutionsAsync(_runId!, count, cancellationToken);
        }

        Interlocked.Add(ref _inFlight, count);
        AddExecutions(count);
    }

    /// <summary>Records that executions counted by <see cref="AddExecutionsAsync"/> came back (and were committed) or
    /// were lost: from now on they are budget or waste.</summary>
    /// <param name="count">How many.</param>
    public void EndExecutions(int count) => Interlocked.Add(ref _inFlight, -count);

    /// <summary>Adds one attempt's usage.</summary>
    /// <param name="inputTokens">Input tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="costUsd">Cost in US dollars.</param>
    public void AddUsage(long inputTokens, long outputTokens, decimal costUsd)
    {
        Interlocked.Add(ref _inputTokens, inputTokens);
        Interlocked.Add(ref _outputTokens, outputTokens);
        Interlocked.Add(ref _costMicroUsd, (long)decimal.Round(costUsd * 1_000_000m));
    }

    /// <summary>Commits a key if it is not committed yet.</summary>
    /// <param name="key">The logical rollout key.</param>
    /// <returns><see langword="true"/> for the first commit (it counts as budget); <see langword="false"/> for a
    /// duplicate (counted as wasted).</returns>
    public bool TryCommit(string key)
    {
        if (_committed.TryAdd(key, 0))
        {
            Interlocked.Increment(ref _rollouts);
            return true;
        }

        Interlocked.Increment(ref _duplicates);
        return false;
    }

    /// <summary>Commits each key that is not committed yet, in the store when there is one.</summary>
    /// <param name="keys">The logical rollout keys.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>How many of the keys this call committed (the others are counted as duplicates).</returns>
    public async Task<int> TryCommitAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (_store is null)
        {
            return keys.Count(TryCommit);
        }

        var committed = await _store.CommitAsync(_runId!, keys, cancellationToken);
        var fresh = committed.Count(c => c);
        Interlocked.Add(ref _rollouts, fresh);
        Interlocked.Add(ref _duplicates, keys.Count - fresh);
        return fresh;
    }

    /// <summary>Gets whether a key is committed in memory (a store-backed ledger answers from the store only through
    /// <see cref="TryCommitAsync"/>).</summary>
    /// <param name="key">The logical rollout key.</param>
    /// <returns>Whether it is.</returns>
    public bool IsCommitted(string key) => _committed.ContainsKey(key);

    /// <summary>Takes a snapshot of the counters.</summary>
    /// <returns>The counters.</returns>
    public RolloutCounters Snapshot() => new()
    {
        Rollouts = Rollouts,
        Executions = Executions,
        WastedExecutions = WastedExecutions,
        InFlight = InFlight,
        Duplicates = Duplicates,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        CostUsd = CostUsd,
    };

    /// <summary>Restores the counters of a checkpoint (after a run grain moved); the committed keys are not restored,
    /// because the run replays from an iteration boundary with the budget it had there.</summary>
    /// <param name="counters">The counters saved with the checkpoint.</param>
    public void Restore(RolloutCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        _committed.Clear();
        Interlocked.Exchange(ref _rollouts, counters.Rollouts);
        Interlocked.Exchange(ref _executions, counters.Executions);
        Interlocked.Exchange(ref _inFlight, 0);
        Interlocked.Exchange(ref _duplicates, counters.Duplicates);
        Interlocked.Exchange(ref _inputTokens, counters.InputTokens);
        Interlocked.Exchange(ref _outputTokens, counters.OutputTokens);
        Interlocked.Exchange(ref _costMicroUsd, (long)decimal.Round(counters.CostUsd * 1_000_000m));
    }

    /// <summary>Restores the counters of a checkpoint (after a run grain moved). With a store the committed keys stay
    /// where they are and the rollouts are the store's count, so the keys the replayed iteration commits again come
    /// back as duplicates and the budget stays exact; the executions are the store's count too, so what the lost host
    /// dispatched after its last checkpoint (results lost in flight, keys the replay runs again) is counted as wasted.
    /// Without a store this is <see cref="Restore"/>, and the lost host's work after the checkpoint is not counted.</summary>
    /// <param name="counters">The counters saved with the checkpoint.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task.</returns>
    public async Task RestoreAsync(RolloutCounters counters, CancellationToken cancellationToken)
    {
        Restore(counters);
        if (_store is not null)
        {
            Interlocked.Exchange(ref _rollouts, await _store.CountAsync(_runId!, cancellationToken));
            // A database written by a version that did not count executions there has none: keep the checkpoint's.
            var executions = await _store.CountExecutionsAsync(_runId!, cancellationToken);
            Interlocked.Exchange(ref _executions, Math.Max(executions, counters.Executions));
        }
    }
}
