using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gepa;

/// <summary>The one place optimize-anything evaluations happen: it enforces the budget (every evaluation counts, failed
/// ones too), bounds concurrency, turns evaluator exceptions into scored failures, keeps the best evaluations per
/// example, and writes every evaluation to the run directory. Engines in the process call it directly; external
/// engines reach it over HTTP (<c>Gepa.OptimizeAnything.Server</c>).</summary>
/// <remarks>The held-out test set is never given to the server, so it cannot be evaluated through it.</remarks>
public sealed class EvaluationServer : IDisposable
{
    /// <summary>The folder of the run directory the evaluations are written to.</summary>
    public const string EvalsFolder = "evals";

    private readonly Func<Candidate, object?, EvaluationContext, ValueTask<Evaluation>> _evaluator;
    private readonly Dictionary<string, AnythingItem> _items;
    private readonly OptimizeAnythingOptions _options;
    private readonly SemaphoreSlim _concurrency;
    private readonly ConcurrentDictionary<string, List<BestEvaluation>> _best = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly string? _evalsDirectory;
    private int _used;
    private int _failures;
    private int _consecutiveFailures;
    private double? _bestScore;

    internal EvaluationServer(
        Func<Candidate, object?, EvaluationContext, ValueTask<Evaluation>> evaluator,
        IReadOnlyList<AnythingItem> visible,
        bool hasDataset,
        Candidate? seed,
        OptimizeAnythingOptions options)
    {
        _evaluator = evaluator;
        _options = options;
        Items = visible;
        _items = visible.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _concurrency = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        TaskInfo = new OptimizeAnythingTaskInfo(options.Objective, options.Background, seed, hasDataset, hasDataset ? [.. visible.Select(i => i.Id)] : []);
        if (options.RunDirectory is { } dir)
        {
            _evalsDirectory = Path.Combine(Path.GetFullPath(dir), EvalsFolder);
            Directory.CreateDirectory(_evalsDirectory);

            // A resumed run continues the count: evaluations spent before the interruption were paid for.
            _used = Directory.EnumerateFiles(_evalsDirectory, "*.json").Count(f => int.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out _));
        }
    }

    /// <summary>Gets what an external engine may know about the task.</summary>
    public OptimizeAnythingTaskInfo TaskInfo { get; }

    /// <summary>Gets the current budget and progress.</summary>
    public EvaluationServerStatus Status
    {
        get
        {
            lock (_lock)
            {
                return new EvaluationServerStatus(_used, _options.MaxEvaluations, _failures, _bestScore);
            }
        }
    }

    internal IReadOnlyList<AnythingItem> Items { get; }

    /// <summary>Creates a server for a task with examples: <paramref name="dataset"/> and <paramref name="valset"/> form the
    /// pool that may be evaluated.</summary>
    /// <typeparam name="TExample">The example type.</typeparam>
    /// <param name="evaluator">Scores a candidate on an example.</param>
    /// <param name="dataset">The examples.</param>
    /// <param name="valset">The validation examples, or <see langword="null"/>.</param>
    /// <param name="seed">The seed, shown by <see cref="TaskInfo"/>; may be <see langword="null"/>.</param>
    /// <param name="options">The budget, concurrency, failure policy and run directory.</param>
    /// <returns>The server.</returns>
    public static EvaluationServer Create<TExample>(
        Func<Candidate, TExample, EvaluationContext, ValueTask<Evaluation>> evaluator,
        IReadOnlyList<TExample> dataset,
        IReadOnlyList<TExample>? valset,
        Candidate? seed,
        OptimizeAnythingOptions options)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        OptimizeAnythingOptionsValidator.ValidateServer(options);
        var (train, val) = OptimizeAnythingItems.Of(dataset, valset, options.ExampleId);
        return new EvaluationServer((c, x, ctx) => evaluator(c, (TExample)x!, ctx), [.. train, .. val ?? []], hasDataset: true, seed, options);
    }

    /// <summary>Creates a server for a single-task search: the candidate is the solution, there are no examples.</summary>
    /// <param name="evaluator">Scores a candidate.</param>
    /// <param name="seed">The seed, shown by <see cref="TaskInfo"/>; may be <see langword="null"/>.</param>
    /// <param name="options">The budget, concurrency, failure policy and run directory.</param>
    /// <returns>The server.</returns>
    public static EvaluationServer Create(Func<Candidate, EvaluationContext, ValueTask<Evaluation>> evaluator, Candidate? seed, OptimizeAnythingOptions options)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(options);
        OptimizeAnythingOptionsValidator.ValidateServer(options);
        return new EvaluationServer((c, _, ctx) => evaluator(c, ctx), [new AnythingItem(OptimizeAnythingConstants.SingleExampleId, null)], hasDataset: false, seed, options);
    }

    /// <summary>Evaluates a candidate on one example (one budget tick).</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="exampleId">The example's id; ignored (and may be <see langword="null"/>) in single-task mode.</param>
    /// <param name="cancellationToken">Cancels the evaluation; cancellation propagates.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="EvaluationBudgetExhaustedException">The budget is spent.</exception>
    /// <exception cref="KeyNotFoundException">The example id is not in the pool.</exception>
    /// <exception cref="EvaluatorFailureException">This failure made too many in a row.</exception>
    public async Task<ServedEvaluation> EvaluateAsync(Candidate candidate, string? exampleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var item = Resolve(exampleId);
        var number = Reserve(1);
        return await RunAsync(candidate, item, number, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Evaluates a candidate on several examples, in parallel up to the concurrency limit; each is one budget tick,
    /// and the whole batch is refused when the budget cannot pay for all of it.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="exampleIds">The examples, or <see langword="null"/> for the whole pool.</param>
    /// <param name="cancellationToken">Cancels the evaluations; cancellation propagates.</param>
    /// <returns>The evaluations, in the order asked.</returns>
    /// <exception cref="EvaluationBudgetExhaustedException">The budget cannot pay for the batch.</exception>
    /// <exception cref="KeyNotFoundException">An example id is not in the pool.</exception>
    public async Task<ServedEvaluationBatch> EvaluateExamplesAsync(Candidate candidate, IReadOnlyList<string>? exampleIds = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var items = exampleIds is null ? Items : [.. exampleIds.Select(Resolve)];
        var results = await EvaluateItemsAsync(candidate, items, cancellationToken).ConfigureAwait(false);
        return new ServedEvaluationBatch(results.Count == 0 ? 0 : results.Average(r => r.Score), results);
    }

    /// <inheritdoc/>
    public void Dispose() => _concurrency.Dispose();

    internal async Task<IReadOnlyList<ServedEvaluation>> EvaluateItemsAsync(Candidate candidate, IReadOnlyList<AnythingItem> items, CancellationToken cancellationToken)
    {
        var first = Reserve(items.Count);
        var tasks = items.Select((item, i) => RunAsync(candidate, item, first + i, cancellationToken)).ToList();
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch when (tasks.Any(t => t.Exception?.InnerException is EvaluatorFailureException))
        {
            // Report the stop, not whichever sibling happened to fail first.
            throw tasks.Select(t => t.Exception?.InnerException).OfType<EvaluatorFailureException>().First();
        }
    }

    /// <summary>Scores a candidate outside the budget (the held-out test set); written under <c>evals/test/</c>.</summary>
    internal async Task<IReadOnlyList<ServedEvaluation>> EvaluateHeldOutAsync(Candidate candidate, IReadOnlyList<AnythingItem> items, string label, CancellationToken cancellationToken)
    {
        var tasks = items.Select(async (item, i) =>
        {
            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var (score, info, failed, _) = await CallAsync(candidate, item, cancellationToken).ConfigureAwait(false);
                var served = new ServedEvaluation(0, item.Id, score, info, failed);
                Write(Path.Combine("test", $"{label}-{i:D4}.json"), served, candidate, split: "test");
                return served;
            }
            finally
            {
                _concurrency.Release();
            }
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    internal OptimizationState StateFor(string id)
    {
        if (!_best.TryGetValue(id, out var list))
        {
            return new OptimizationState([]);
        }

        lock (list)
        {
            return new OptimizationState([.. list]);
        }
    }

    private AnythingItem Resolve(string? exampleId)
    {
        if (!TaskInfo.HasDataset)
        {
            return Items[0];
        }

        if (exampleId is null)
        {
            throw new KeyNotFoundException("This task has examples: say which one to evaluate (example_id).");
        }

        return _items.TryGetValue(exampleId, out var item) ? item : throw new KeyNotFoundException($"Unknown example id '{exampleId}'.");
    }

    private int Reserve(int count)
    {
        lock (_lock)
        {
            var remaining = _options.MaxEvaluations - _used;
            if (remaining < count || remaining <= 0)
            {
                throw new EvaluationBudgetExhaustedException(count == 1 || remaining <= 0
                    ? $"The evaluation budget is exhausted: {_used} of {_options.MaxEvaluations} evaluations spent."
                    : $"The evaluation budget cannot pay for {count} evaluations: {remaining} of {_options.MaxEvaluations} left.");
            }

            var first = _used + 1;
            _used += count;
            return first;
        }
    }

    private async Task<ServedEvaluation> RunAsync(Candidate candidate, AnythingItem item, int number, CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        ServedEvaluation served;
        Exception? cause;
        try
        {
            (var score, var info, var failed, cause) = await CallAsync(candidate, item, cancellationToken).ConfigureAwait(false);
            served = new ServedEvaluation(number, TaskInfo.HasDataset ? item.Id : null, score, info, failed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The tick stays spent: the evaluator ran. Cancellation itself always propagates.
            Write($"{number:D6}.json", new ServedEvaluation(number, item.Id, _options.FailureScore, new SideInfo().Error("cancelled"), true), candidate, split: null);
            throw;
        }
        finally
        {
            _concurrency.Release();
        }

        Write($"{number:D6}.json", served, candidate, split: null);
        int consecutive;
        lock (_lock)
        {
            if (served.Failed)
            {
                _failures++;
                consecutive = ++_consecutiveFailures;
            }
            else
            {
                _consecutiveFailures = 0;
                consecutive = 0;
                _bestScore = _bestScore is { } b ? Math.Max(b, served.Score) : served.Score;
            }
        }

        if (!served.Failed)
        {
            Remember(item.Id, served, candidate);
        }

        if (cause is not null && consecutive >= _options.MaxConsecutiveEvaluatorFailures)
        {
            throw new EvaluatorFailureException(
                $"The evaluator failed {consecutive} times in a row, so the run stops; the last failure: {cause.GetType().Name}: {cause.Message}",
                cause)
            {
                ConsecutiveFailures = consecutive,
            };
        }

        return served;
    }

    private async Task<(double Score, SideInfo Info, bool Failed, Exception? Cause)> CallAsync(Candidate candidate, AnythingItem item, CancellationToken cancellationToken)
    {
        var context = new EvaluationContext(TaskInfo.HasDataset ? item.Id : null, StateFor(item.Id), cancellationToken);
        Evaluation evaluation;
        try
        {
            evaluation = await _evaluator(candidate, item.Value, context).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The evaluator returned null instead of an Evaluation.");
            if (!double.IsFinite(evaluation.Score))
            {
                throw new InvalidOperationException($"The evaluator returned the score {evaluation.Score.ToString(CultureInfo.InvariantCulture)}; scores must be finite numbers.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any evaluator failure is a scored failure with its cause; only cancellation propagates.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // A failure the evaluator explained carries its own side information; anything else shows its top frames.
            var failure = new SideInfo().Error(ex is EvaluationFailedException known ? known.Message : Describe(ex, _options.ErrorStackFrames));
            if (ex is EvaluationFailedException { Info: { } extra })
            {
                foreach (var (k, v) in extra)
                {
                    failure.Set(k, v);
                }
            }

            AddLog(failure, context.LogText);
            return (_options.FailureScore, failure, true, ex);
        }

        var info = evaluation.Info?.Clone() ?? new SideInfo();
        AddLog(info, context.LogText);
        return (evaluation.Score, info, false, null);
    }

    private static void AddLog(SideInfo info, string log)
    {
        if (log.Length == 0)
        {
            return;
        }

        // As the reference: a key of the user's own called "log" keeps its place, ours moves aside.
        info.Set(info.ContainsKey(SideInfoKeys.Log) ? "_gepa_" + SideInfoKeys.Log : SideInfoKeys.Log, log.TrimEnd('\n'));
    }

    /// <summary>The exception's type and message, then its top frames: what a developer reads first.</summary>
    internal static string Describe(Exception ex, int frames)
    {
        var sb = new StringBuilder().Append(ex.GetType().Name).Append(": ").Append(ex.Message);
        var lines = (ex.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines.Take(frames))
        {
            sb.Append('\n').Append("  ").Append(line);
        }

        if (ex.InnerException is { } inner)
        {
            sb.Append("\n  caused by ").Append(inner.GetType().Name).Append(": ").Append(inner.Message);
        }

        return sb.ToString();
    }

    private void Remember(string id, ServedEvaluation served, Candidate candidate)
    {
        var k = _options.BestEvaluationsPerExample;
        if (k == 0)
        {
            return;
        }

        var list = _best.GetOrAdd(id, _ => []);
        lock (list)
        {
            var at = list.FindIndex(b => b.Score < served.Score);
            list.Insert(at < 0 ? list.Count : at, new BestEvaluation(served.Score, served.Info, candidate));
            if (list.Count > k)
            {
                list.RemoveAt(list.Count - 1);
            }
        }
    }

    private void Write(string name, ServedEvaluation served, Candidate candidate, string? split)
    {
        if (_evalsDirectory is null)
        {
            return;
        }

        var record = new JsonObject
        {
            ["eval"] = served.Number,
            ["example_id"] = served.ExampleId,
            ["score"] = served.Score,
            ["failed"] = served.Failed,
            ["candidate_hash"] = candidate.ContentHash[..16],
            ["candidate"] = new JsonObject([.. candidate.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]),
            ["info"] = served.Info.ToJson(),
        };
        if (split is not null)
        {
            record["split"] = split;
            record["budget"] = false;
        }

        var path = Path.Combine(_evalsDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(record.ToJsonString(WriteOptions));
        AtomicWrite.WriteAllBytes(path, bytes);
    }

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };
}
