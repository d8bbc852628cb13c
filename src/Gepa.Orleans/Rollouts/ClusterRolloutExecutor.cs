using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gepa.Orleans;

/// <summary>Runs a run's rollouts on the cluster's worker silos: each request is cut into batches (at most
/// <see cref="ClusterRolloutOptions.BatchSize"/> examples, and at least one batch per silo seen so far), each sent to a
/// slot grain on the silo with the fewest of the run's batches in flight, with at most
/// <see cref="ClusterRolloutOptions.MaxConcurrentRollouts"/> rollouts in flight, retried on another slot when a silo is lost, and committed once per logical key in the <see cref="RolloutLedger"/>. Outcomes
/// come back in request order, so a deterministic world gives the same run as the local executor.</summary>
/// <typeparam name="TExample">The type of one task example (it never travels: workers resolve examples by index).</typeparam>
public sealed partial class ClusterRolloutExecutor<TExample> : IRolloutExecutor<TExample>, IDisposable
{
    private readonly IGrainFactory _grains;
    private readonly string _function;
    private readonly IEvaluationSerializer _serializer;
    private readonly ClusterRolloutOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _acquiring = new(1, 1);
    private readonly SlotPlacement _placement;

    /// <summary>Initializes an executor.</summary>
    /// <param name="grains">The cluster's grain factory.</param>
    /// <param name="function">The name of the rollout function the workers serve for this run.</param>
    /// <param name="serializer">Reads the workers' JSON outputs and traces back (usually the run's adapter).</param>
    /// <param name="ledger">The run's ledger.</param>
    /// <param name="options">The dispatch settings.</param>
    /// <param name="logger">Where dispatch is logged, or <see langword="null"/>.</param>
    public ClusterRolloutExecutor(IGrainFactory grains, string function, IEvaluationSerializer serializer, RolloutLedger ledger, ClusterRolloutOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _grains = grains;
        _function = function;
        _serializer = serializer;
        Ledger = ledger;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _inFlight = new SemaphoreSlim(options.MaxConcurrentRollouts, options.MaxConcurrentRollouts);
        _placement = new SlotPlacement(options.Slots);
        LogStart(_logger, function, options.MaxConcurrentRollouts, options.BatchSize, options.Slots);
    }

    /// <summary>Gets the run's ledger.</summary>
    public RolloutLedger Ledger { get; }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RolloutOutcome>> ExecuteAsync(IReadOnlyList<RolloutRequest<TExample>> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return await Task.WhenAll(requests.Select(r => RunRequestAsync(r, cancellationToken)));
    }

    private async Task<RolloutOutcome> RunRequestAsync(RolloutRequest<TExample> request, CancellationToken cancellationToken)
    {
        var count = request.Keys.Count;
        var components = request.Candidate.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var chunks = Chunks(count, _options.BatchSize, _options.MaxConcurrentRollouts, _placement.KnownSilos);

        var results = await Task.WhenAll(chunks.Select(c => DispatchAsync(request, components, c.Start, c.Count, cancellationToken)));
        if (results.FirstOrDefault(r => r.Error is not null) is { } failed)
        {
            return new RolloutOutcome(null, new ClusterRolloutException($"The rollout function '{_function}' failed on silo {failed.Silo}: {failed.Error}"));
        }

        var all = results.SelectMany(r => r.Results).ToList();
        var scores = all.Select(r => r.Score).ToList();
        var outputs = all.Select(r => AdapterRolloutFunction<TExample>.FromJson(_serializer, r.OutputJson, isTrace: false)).ToList();
        var traces = request.CaptureTraces ? all.Select(r => AdapterRolloutFunction<TExample>.FromJson(_serializer, r.TraceJson, isTrace: true)).ToList() : null;
        var objectives = all.All(r => r.Objectives is not null) ? all.Select(r => r.Objectives!).ToList() : null;
        return new RolloutOutcome(new EvaluationBatch(scores, outputs, traces, objectives), null);
    }

    private async Task<RolloutBatchResult> DispatchAsync(RolloutRequest<TExample> request, Dictionary<string, string> components, int start, int count, CancellationToken cancellationToken)
    {
        var keys = new string[count];
        var ids = new int[count];
        for (var j = 0; j < count; j++)
        {
            var key = request.Keys[start + j];
            keys[j] = RolloutKeyText.Of(key);
            ids[j] = key.ExampleId;
        }

        var split = request.Keys[start].Split;
        await AcquireAsync(count, cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var (slot, guessed) = _placement.Pick();
                var batch = new RolloutBatchRequest
                {
                    RunId = request.Keys[start].RunId,
                    Function = _function,
                    Components = components,
                    Split = split,
                    ExampleIds = ids,
                    Keys = keys,
                    CaptureTraces = request.CaptureTraces,
                    Attempt = attempt,
                };
                await Ledger.AddExecutionsAsync(count, cancellationToken);
                var inFlight = true;
                void Ended()
                {
                    if (inFlight)
                    {
                        inFlight = false;
                        Ledger.EndExecutions(count);
                    }
                }

                try
                {
                    RolloutBatchResult result;
                    try
                    {
                        result = await _grains.GetGrain<IRolloutSlotGrain>(slot).RunAsync(batch).WaitAsync(cancellationToken);
                    }
                    catch
                    {
                        _placement.Lost(slot, guessed);
                        throw;
                    }

                    _placement.Done(slot, guessed, result.Silo);
                    Ledger.AddUsage(result.InputTokens, result.OutputTokens, result.CostUsd);
                    if (result.Error is null && result.Results.Count != count)
                    {
                        Ended();
                        return result with { Error = $"the worker returned {result.Results.Count} results for {count} examples" };
                    }

                    await Ledger.TryCommitAsync(keys, cancellationToken);
                    // After the commit, so a result that came back is never shown as waste in between.
                    Ended();
                    return result;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Ended();
                    // The silo or the message was lost: the worker's result (if any) never arrives. Try another slot.
                    if (attempt + 1 >= _options.MaxAttempts)
                    {
                        throw new ClusterRolloutException($"A batch of {count} rollouts ({keys[0]} …) could not be delivered after {_options.MaxAttempts} attempts; the last error was {ex.GetType().Name}: {ex.Message}", ex);
                    }

                    LogRetry(_logger, count, attempt + 1, ex.GetType().Name, ex.Message);
                    await Task.Delay(_options.RetryBackoff * (attempt + 1), cancellationToken);
                }
                finally
                {
                    // A cancelled run: what was in flight is lost.
                    Ended();
                }
            }
        }
        finally
        {
            _inFlight.Release(count);
        }
    }

    /// <summary>Releases the in-flight gate.</summary>
    public void Dispose()
    {
        _inFlight.Dispose();
        _acquiring.Dispose();
    }

    /// <summary>Cuts a request of <paramref name="count"/> examples into contiguous pieces, in order: at most
    /// <paramref name="batchSize"/> (and <paramref name="maxInFlight"/>) each, and at least one per known silo, of
    /// near-equal sizes, so that even a minibatch of 3 runs on 3 silos at once.</summary>
    internal static List<(int Start, int Count)> Chunks(int count, int batchSize, int maxInFlight, int silos)
    {
        var largest = Math.Max(1, Math.Min(batchSize, maxInFlight));
        var pieces = Math.Min(count, Math.Max((count + largest - 1) / largest, silos));
        var chunks = new List<(int Start, int Count)>(pieces);
        for (int i = 0, start = 0; i < pieces; i++)
        {
            var size = (count / pieces) + (i < count % pieces ? 1 : 0);
            chunks.Add((start, size));
            start += size;
        }

        return chunks;
    }

    /// <summary>Takes one in-flight permit per rollout of a batch. Batches take theirs one at a time, so two half-served
    /// batches can never hold the gate between them.</summary>
    private async Task AcquireAsync(int count, CancellationToken cancellationToken)
    {
        await _acquiring.WaitAsync(cancellationToken);
        var taken = 0;
        try
        {
            for (; taken < count; taken++)
            {
                await _inFlight.WaitAsync(cancellationToken);
            }
        }
        catch
        {
            if (taken > 0)
            {
                _inFlight.Release(taken);
            }

            throw;
        }
        finally
        {
            _acquiring.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster rollouts for function '{Function}': at most {MaxConcurrentRollouts} rollouts in flight (batches of at most {BatchSize}, each request cut into at least one batch per silo, over {Slots} slots)")]
    private static partial void LogStart(ILogger logger, string function, int maxConcurrentRollouts, int batchSize, int slots);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} rollouts was lost ({Error}: {Message}); retry {Attempt} on another slot")]
    private static partial void LogRetry(ILogger logger, int count, int attempt, string error, string message);
}
