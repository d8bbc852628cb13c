using System.Runtime.InteropServices;

namespace Gepa;

/// <summary>The one place a run evaluates candidates: it reads the cache, sends what is missing to the executor,
/// applies the error policy, spends the budget and fills the cache.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal sealed class RolloutEvaluator<TExample> : ICheckpointSlice
{
    private const string TrainSplit = RunContext<TExample>.TrainSplit;
    private const string ValSplit = RunContext<TExample>.ValSplit;

    private readonly RunContext<TExample> _run;
    private readonly GepaOptions _o;
    private readonly RolloutBudget _budget;
    private readonly IRolloutExecutor<TExample> _executor;
    private readonly Dictionary<RolloutKey, int> _repeats = [];
    private readonly Dictionary<int, int> _spentByProposal = [];
    private readonly Lock _spentGate = new();
    private int _repeatsIteration = -1;

    public RolloutEvaluator(RunContext<TExample> run, RolloutBudget budget, IRolloutExecutor<TExample> executor)
    {
        _run = run;
        _o = run.Options;
        _budget = budget;
        _executor = executor;
        Cache = _o.CacheEvaluation ? new EvaluationCache() : null;
    }

    /// <summary>Gets the evaluation cache, or <see langword="null"/> when caching is off.</summary>
    public EvaluationCache? Cache { get; }

    /// <summary>Writes the cache to the checkpoint (outputs and traces through the adapter's serializer, if any).</summary>
    public void SaveTo(GepaCheckpoint checkpoint)
    {
        var serializer = _run.Adapter as IEvaluationSerializer;
        checkpoint.Cache = Cache?.Entries().Select(e => new CheckpointCacheEntry
        {
            Hash = e.Key.Hash,
            Split = e.Key.Split,
            Id = e.Key.Id,
            Score = e.Entry.Score,
            Objectives = e.Entry.Objectives?.ToDictionary(StringComparer.Ordinal),
            Output = CheckpointSettings.ToJson(e.Entry.Output, serializer),
            Trace = e.Entry.HasTrace && serializer is not null ? serializer.Serialize(e.Entry.Trace) : null,
        }).ToList();
    }

    /// <summary>Reads the cache back from a checkpoint.</summary>
    public void RestoreFrom(GepaCheckpoint checkpoint)
    {
        if (Cache is { } cache && checkpoint.Cache is not null)
        {
            var serializer = _run.Adapter as IEvaluationSerializer;
            foreach (var e in checkpoint.Cache)
            {
                var hasTrace = e.Trace is not null && serializer is not null;
                var output = e.Output is { } o ? (serializer is not null ? serializer.Deserialize(o, isTrace: false) : o) : null;
                var trace = hasTrace ? serializer!.Deserialize(e.Trace!.Value, isTrace: true) : null;
                cache.Restore(e.Hash, e.Split, e.Id, new CachedEvaluation(e.Score, output, e.Objectives, trace, hasTrace));
            }
        }
    }

    /// <summary>Evaluates the seed on the whole validation set; its rollouts are counted without a budget event, as
    /// the reference counts them. With <see cref="GepaOptions.PriorSeedEvaluation"/>, the first examples' results are
    /// the prior's and only the rest are evaluated and counted.</summary>
    public async Task<(Dictionary<int, double> Scores, Dictionary<int, IReadOnlyDictionary<string, double>>? Objectives)> EvaluateSeedAsync(Candidate seed)
    {
        var valset = _run.Valset;
        var prior = _o.PriorSeedEvaluation;
        GepaOptionsValidator.ValidatePriorSeedEvaluation(_o, seed, valset.Count);
        var given = prior?.Batch.Count ?? 0;
        var ids = Enumerable.Range(given, valset.Count - given).ToList();
        var fresh = ids.Count == 0 ? null : await EvaluateAsync(seed, given == 0 ? valset : [.. ids.Select(k => valset[k])], ids, captureTraces: false, iteration: 0, "the seed candidate", ValSplit, "seed");
        var eval = prior is null ? fresh! : WithPrior(prior.Batch, fresh);
        var all = prior is null ? ids : Enumerable.Range(0, valset.Count).ToList();
        var scores = ToScoreMap(all, eval.Scores);
        var objectives = ToObjectiveMap(all, eval.ObjectiveScores);
        _run.State.TotalMetricCalls = ids.Count;
        if (ids.Count > 0)
        {
            GepaTelemetry.Rollouts.Add(ids.Count, new KeyValuePair<string, object?>("stage", "seed"));
        }

        if (prior is not null)
        {
            Log.PriorSeedEvaluation(_run.Logger, given, ids.Count);
        }

        Cache?.Put(seed, _run.ValidationSplit, all, eval);
        return (scores, objectives);
    }

    /// <summary>The seed's evaluation on the whole validation set: the prior's results, then the fresh ones. Traces are
    /// dropped (validation needs none, and a cached entry must not claim a trace it lacks); objective scores are kept
    /// only when both parts have them, as a candidate's objectives are all or nothing.</summary>
    private static EvaluationBatch WithPrior(EvaluationBatch prior, EvaluationBatch? fresh)
    {
        if (fresh is null)
        {
            return new EvaluationBatch(prior.Scores, prior.Outputs, objectiveScores: prior.ObjectiveScores);
        }

        var objectives = prior.ObjectiveScores is { } p && fresh.ObjectiveScores is { } f ? [.. p, .. f] : (List<IReadOnlyDictionary<string, double>>?)null;
        return new EvaluationBatch([.. prior.Scores, .. fresh.Scores], [.. prior.Outputs, .. fresh.Outputs], objectiveScores: objectives);
    }

    /// <summary>Evaluates a candidate on training examples with traces, reading the cache first when minibatch
    /// caching is on; its events carry <paramref name="proposal"/>, the proposal of the iteration it serves.</summary>
    public async Task<EvaluationBatch> EvaluateMinibatchAsync(Candidate candidate, int? index, List<TExample> minibatch, IReadOnlyList<int> ids, int number, string what, int? proposal = null)
    {
        var cb = _run.Callbacks;
        await _run.RaiseAsync(cb.OnEvaluationStart, new EvaluationStartArgs(number, index, ids, true, proposal));
        var hits = new CachedEvaluation?[ids.Count];
        var misses = new List<int>();
        for (var j = 0; j < ids.Count; j++)
        {
            if (Cache is not null && _o.CacheMinibatchEvaluations && Cache.TryGet(candidate, TrainSplit, ids[j], needTrace: true, out var hit))
            {
                hits[j] = hit;
            }
            else
            {
                misses.Add(j);
            }
        }

        EvaluationBatch eval;
        if (misses.Count == ids.Count)
        {
            eval = await EvaluateAsync(candidate, minibatch, ids, captureTraces: true, number, what, TrainSplit, "minibatch");
            await SpendForAsync(proposal, eval.MetricCalls ?? ids.Count);
            Cache?.Put(candidate, TrainSplit, ids, eval);
        }
        else
        {
            var missIds = misses.Select(j => ids[j]).ToList();
            EvaluationBatch? fresh = null;
            if (misses.Count > 0)
            {
                fresh = await EvaluateAsync(candidate, [.. misses.Select(j => minibatch[j])], missIds, captureTraces: true, number, what, TrainSplit, "minibatch");
                await SpendForAsync(proposal, fresh.MetricCalls ?? misses.Count);
                Cache?.Put(candidate, TrainSplit, missIds, fresh);
            }

            eval = Combine(hits, misses, fresh);
        }

        await _run.RaiseAsync(cb.OnEvaluationEnd, new EvaluationEndArgs(number, index, ids, eval.Scores, proposal));
        return eval;
    }

    /// <summary>Forgets what proposals spent: called when an iteration's proposals start.</summary>
    public void ResetProposalSpend()
    {
        lock (_spentGate)
        {
            _spentByProposal.Clear();
        }
    }

    /// <summary>The minibatch rollouts one proposal of the current iteration spent (its parent's and its child's).</summary>
    /// <param name="proposal">The proposal's id in its iteration.</param>
    public int ProposalSpend(int proposal)
    {
        lock (_spentGate)
        {
            return _spentByProposal.GetValueOrDefault(proposal);
        }
    }

    /// <summary>Spends minibatch rollouts and, when they serve a proposal, books them to it: the proposals of one
    /// iteration spend concurrently, so the budget's running total cannot tell them apart.</summary>
    private async ValueTask SpendForAsync(int? proposal, int rollouts)
    {
        if (proposal is { } p)
        {
            lock (_spentGate)
            {
                _spentByProposal[p] = _spentByProposal.GetValueOrDefault(p) + rollouts;
            }
        }

        await _budget.SpendAsync(rollouts, "minibatch");
    }

    /// <summary>Puts cache hits and freshly evaluated misses back in batch order.</summary>
    private static EvaluationBatch Combine(CachedEvaluation?[] hits, List<int> misses, EvaluationBatch? fresh)
    {
        var cached = Enumerable.Range(0, hits.Length).Where(j => hits[j] is not null).ToList();
        var found = cached.Select(j => hits[j]!).ToList();
        var fromCache = new EvaluationBatch(
            [.. found.Select(h => h.Score)],
            [.. found.Select(h => h.Output)],
            [.. found.Select(h => h.Trace)],
            found.All(h => h.Objectives is not null) ? [.. found.Select(h => h.Objectives!)] : null);
        return Interleave(hits.Length, (cached, fromCache), (misses, fresh));
    }

    /// <summary>Puts batches scored on parts of a batch back in batch order: each part's positions, with its scores in that order.</summary>
    public static EvaluationBatch Interleave(int count, params (List<int> Positions, EvaluationBatch? Batch)[] parts)
    {
        var scores = new double[count];
        var outputs = new object?[count];
        var traces = new object?[count];
        var objectives = new IReadOnlyDictionary<string, double>?[count];
        foreach (var (positions, batch) in parts)
        {
            for (var m = 0; m < positions.Count; m++)
            {
                var j = positions[m];
                (scores[j], outputs[j], traces[j], objectives[j]) = (batch!.Scores[m], batch.Outputs[m], batch.Traces?[m], batch.ObjectiveScores?[m]);
            }
        }

        var allObjectives = objectives.All(o => o is not null) ? objectives.Select(o => o!).ToList() : null;
        return new EvaluationBatch(scores, outputs, traces, allObjectives);
    }

    /// <summary>Evaluates a candidate on validation examples, reading the cache first; only misses are paid for.</summary>
    public async Task<(Dictionary<int, double> Scores, Dictionary<int, IReadOnlyDictionary<string, double>> Objectives)> EvaluateValidationAsync(Candidate candidate, IReadOnlyList<int> ids, int number, string what, string stage)
    {
        var scores = new Dictionary<int, double>(ids.Count);
        var objectives = new Dictionary<int, IReadOnlyDictionary<string, double>>();
        var misses = new List<int>(Cache is null ? ids.Count : 0);
        foreach (var id in ids)
        {
            if (Cache is not null && Cache.TryGet(candidate, _run.ValidationSplit, id, needTrace: false, out var hit))
            {
                scores[id] = hit.Score;
                if (hit.Objectives is not null)
                {
                    objectives[id] = hit.Objectives;
                }
            }
            else
            {
                misses.Add(id);
            }
        }

        if (misses.Count > 0)
        {
            var eval = await EvaluateAsync(candidate, [.. misses.Select(k => _run.Valset[k])], misses, captureTraces: false, number, what, ValSplit, stage);
            for (var j = 0; j < misses.Count; j++)
            {
                scores[misses[j]] = eval.Scores[j];
                if (eval.ObjectiveScores is not null)
                {
                    objectives[misses[j]] = eval.ObjectiveScores[j];
                }
            }

            Cache?.Put(candidate, _run.ValidationSplit, misses, eval);
            await _budget.SpendAsync(misses.Count, stage);
        }

        return (scores, objectives);
    }

    /// <summary>Runs one request through the executor and applies the error policy to what comes back.</summary>
    private async Task<EvaluationBatch> EvaluateAsync(Candidate candidate, IReadOnlyList<TExample> batch, IReadOnlyList<int> ids, bool captureTraces, int iteration, string what, string split, string stage)
    {
        var request = new RolloutRequest<TExample>(candidate, batch, KeysFor(candidate, ids, iteration, split, stage), captureTraces);
        var outcome = (await _executor.ExecuteAsync([request], _run.CancellationToken))[0];
        if (outcome.Error is { } ex)
        {
            var where = $"{what} on {(split == TrainSplit ? "training" : "validation")} examples [{string.Join(", ", ids)}] in iteration {iteration}";
            // A transport failure says nothing about the candidate: it is never scored, whatever the option says.
            if (!_o.ScoreAdapterExceptionsAsFailures || ModelTransportException.IsTransportFailure(ex))
            {
                throw new GepaEvaluationException($"The adapter threw while evaluating {where}: {ex.Message}", ex)
                {
                    Iteration = iteration,
                    Candidate = what,
                    Split = split,
                    ExampleIds = ids,
                };
            }

            var failure = new EvaluationFailure($"The evaluation threw {ex.GetType().Name}: {ex.Message}", ex);
            var failed = Enumerable.Repeat<object?>(failure, batch.Count).ToList();
            return new EvaluationBatch(new double[batch.Count], failed, captureTraces ? failed : null);
        }

        var eval = outcome.Batch!;
        if (eval.Count != batch.Count)
        {
            throw new GepaEvaluationException($"The adapter returned {eval.Count} scores for a batch of {batch.Count} examples ({what}, iteration {iteration}); it must return one per example.")
            {
                Iteration = iteration,
                Candidate = what,
                Split = split,
                ExampleIds = ids,
            };
        }

        return eval;
    }

    /// <summary>The logical keys of a request; a repeat within an iteration gets the next repeat number.</summary>
    private List<RolloutKey> KeysFor(Candidate candidate, IReadOnlyList<int> ids, int iteration, string split, string stage)
    {
        lock (_repeats)
        {
            if (iteration != _repeatsIteration)
            {
                _repeats.Clear();
                _repeatsIteration = iteration;
            }

            var keys = new List<RolloutKey>(ids.Count);
            var runId = _run.RunId;
            var hash = candidate.ContentHash;
            foreach (var id in ids)
            {
                // One hash of the key per rollout: read and bump the repeat count in place.
                var first = new RolloutKey(runId, iteration, stage, hash, split, id, 0);
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_repeats, first, out _);
                keys.Add(first with { Repeat = count++ });
            }

            return keys;
        }
    }

    private static Dictionary<int, double> ToScoreMap(IReadOnlyList<int> ids, IReadOnlyList<double> scores) =>
        ids.Select((id, j) => (id, j)).ToDictionary(x => x.id, x => scores[x.j]);

    private static Dictionary<int, IReadOnlyDictionary<string, double>>? ToObjectiveMap(IReadOnlyList<int> ids, IReadOnlyList<IReadOnlyDictionary<string, double>>? objectives) =>
        objectives is null ? null : ids.Select((id, j) => (id, j)).ToDictionary(x => x.id, x => objectives[x.j]);
}
