using System.Globalization;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <content>One optimization run: the reference loop (§2.3–§2.14) with our budget and failure handling.</content>
public sealed partial class GepaOptimizer<TExample>
{
    private sealed partial class Run
    {
        private readonly GepaOptimizer<TExample> _owner;
        private readonly GepaOptions _o;
        private readonly GepaCallbacks _cb;
        private readonly Candidate _seed;
        private readonly IReadOnlyList<TExample> _trainset;
        private readonly IReadOnlyList<TExample> _valset;
        private readonly string _valSplit;
        private readonly CancellationToken _ct;
        private readonly PythonRandom _random;
        private readonly GepaState _state;
        private readonly EpochShuffledBatchSampler _sampler;
        private readonly MergeProposer _merge;
        private readonly EvaluationCache? _cache;
        private readonly long _startTimestamp;
        private readonly List<string> _failureCauses = [];
        private readonly GepaCheckpoint? _resumeFrom;
        private TimeSpan _elapsedBefore;

        private int _iteration = -1; // the reference's state.i: the first iteration is 0, reported as 1
        private int _proposalsTried;
        private int _proposalsAccepted;
        private int _failedProposals;
        private int _reflectionCalls;
        private long _reflectionInputTokens;
        private long _reflectionOutputTokens;
        private int _consecutiveFailures;
        private int _idleIterations;
        private int _mergesDue;
        private int _mergesTested;
        private int _mergesAttempted;
        private bool _lastIterationFoundNewProgram;

        public Run(GepaOptimizer<TExample> owner, Candidate seed, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, string valSplit, GepaCheckpoint? resumeFrom, CancellationToken ct)
        {
            _resumeFrom = resumeFrom;
            _owner = owner;
            _o = owner._options;
            _cb = _o.Callbacks;
            _seed = seed;
            _trainset = trainset;
            _valset = valset;
            _valSplit = valSplit;
            _ct = ct;
            _random = resumeFrom is null ? new PythonRandom(_o.Seed) : PythonRandom.FromState(resumeFrom.RandomState);
            _state = new GepaState(_o.FrontierType) { ValsetSize = valset.Count };
            _sampler = new EpochShuffledBatchSampler(_o.MinibatchSize, _random);
            var floor = _o.MergeValOverlapFloor;
            if (_o.UseMerge && floor > valset.Count)
            {
                Log.MergeFloorClamped(owner._logger, floor, valset.Count);
                floor = valset.Count;
            }

            _merge = new MergeProposer(_state, _random, floor, owner._logger);
            _cache = _o.CacheEvaluation ? new EvaluationCache() : null;
            _startTimestamp = _o.TimeProvider.GetTimestamp();
            InitializeAdaptive(); // adaptive budget policy (GepaOptimizer.Adaptive.cs); null unless a part is on
        }

        private int Budget => _o.MaxMetricCalls ?? int.MaxValue;

        private int Remaining => Budget - _state.TotalMetricCalls;

        // The reference's merge schedule; the adaptive diversity trigger replaces it when on.
        private bool MergeIsDue => _adaptive is not { DiversityMerge: true } && _o.UseMerge && _mergesDue > 0 && _lastIterationFoundNewProgram
            && (!_o.CountRejectedMerges || _mergesTested < _o.MaxMergeInvocations);

        private TimeSpan Elapsed => _elapsedBefore + _o.TimeProvider.GetElapsedTime(_startTimestamp);

        public async Task<GepaResult> ExecuteAsync()
        {
            using var runActivity = GepaTelemetry.ActivitySource.StartActivity("gepa.optimize");
            runActivity?.SetTag("gepa.seed", _o.Seed);
            runActivity?.SetTag("gepa.max_metric_calls", _o.MaxMetricCalls);
            runActivity?.SetTag("gepa.resumed", _resumeFrom is not null);
            await _owner.RaiseAsync(_cb.OnOptimizationStart, new OptimizationStartArgs(_seed, _trainset.Count, _valset.Count));
            if (_resumeFrom is not null)
            {
                Restore(_resumeFrom);
            }
            else
            {
                await EvaluateSeedAsync();
            }

            GepaStopReason reason;
            string message;
            var changedSinceCheckpoint = false;
            while (true)
            {
                await EmitCheckpointAsync();
                changedSinceCheckpoint = false;
                if (CheckStop() is { } stop)
                {
                    (reason, message) = stop;
                    break;
                }

                await _owner.RaiseAsync(_cb.OnStateSaved, new StateSavedArgs(_iteration + 1));
                _iteration++;
                var number = _iteration + 1;
                using var iterationActivity = GepaTelemetry.ActivitySource.StartActivity("gepa.iteration");
                iterationActivity?.SetTag("gepa.iteration", number);
                await _owner.RaiseAsync(_cb.OnIterationStart, new IterationStartArgs(number));
                var accepted = false;
                var spentBefore = _state.TotalMetricCalls;
                changedSinceCheckpoint = true;
                try
                {
                    var outcome = await RunIterationAsync(number);
                    accepted = outcome == IterationOutcome.Accepted;
                    _idleIterations = accepted || _state.TotalMetricCalls > spentBefore ? 0 : _idleIterations + 1;
                }
                catch (OperationCanceledException) when (_ct.IsCancellationRequested)
                {
                    reason = GepaStopReason.Cancelled;
                    message = $"Cancelled during iteration {number}; that iteration was abandoned and nothing from it was added.";
                    break;
                }
                catch (Exception ex) when (ex is not GepaEvaluationException)
                {
                    await _owner.RaiseAsync(_cb.OnError, new ErrorArgs(number, ex, false));
                    throw;
                }
                finally
                {
                    await _owner.RaiseAsync(_cb.OnIterationEnd, new IterationEndArgs(number, accepted));
                }
            }

            // Adaptive validation: the final best must come from a full evaluation, so the leader gets one now.
            if (reason != GepaStopReason.Cancelled && await PromoteLeaderAsync())
            {
                changedSinceCheckpoint = true;
            }

            // A cancelled iteration was abandoned half-way: the last boundary checkpoint is the one to resume from.
            if (changedSinceCheckpoint && reason != GepaStopReason.Cancelled)
            {
                await EmitCheckpointAsync();
            }

            var best = _state.BestIndex();
            var iterations = _iteration + 1;
            runActivity?.SetTag("gepa.stop_reason", reason.ToString());
            runActivity?.SetTag("gepa.total_metric_calls", _state.TotalMetricCalls);
            runActivity?.SetTag("gepa.best_score", _state.MeanScore(best));
            Log.Stopped(_owner._logger, iterations, _state.TotalMetricCalls, message);
            await _owner.RaiseAsync(_cb.OnOptimizationEnd, new OptimizationEndArgs(best, iterations, _state.TotalMetricCalls, reason));
            return BuildResult(best, iterations, reason, message);
        }

        private (GepaStopReason, string)? CheckStop()
        {
            if (_ct.IsCancellationRequested)
            {
                return (GepaStopReason.Cancelled, "Cancelled by the caller.");
            }

            // Checked here, at the iteration boundary, so that a run resumed from its last checkpoint stops where it did.
            if (_consecutiveFailures >= _o.MaxConsecutiveFailures)
            {
                return (GepaStopReason.ConsecutiveFailures, $"{_consecutiveFailures} iterations in a row failed to produce a proposal: {string.Join(" | ", _failureCauses.Distinct())}");
            }

            if (_idleIterations >= _o.MaxIdleIterations)
            {
                return (GepaStopReason.NoProgress, $"{_idleIterations} iterations in a row spent no rollouts and added no candidate: every minibatch and proposal was already cached.");
            }

            if (_state.TotalMetricCalls >= Budget)
            {
                return (GepaStopReason.BudgetExhausted, $"The rollout budget is spent ({_state.TotalMetricCalls} of {Budget}).");
            }

            // Strict budget: start an iteration only when its worst case fits (both minibatches, or a merge subsample,
            // and then a full validation), so the budget is never exceeded.
            if (_o.StrictBudget)
            {
                var needed = Math.Max(2 * AdaptiveController.MinibatchSize(_o), MergeIsDue || DiversityMergeIsDue ? GepaConstants.DefaultMergeSubsampleSize : 0) + ValidationReserve + PromotionReserve;
                if (Remaining < needed)
                {
                    return (GepaStopReason.BudgetExhausted, $"The rollout budget is spent: {_state.TotalMetricCalls} of {Budget} used, and the {Remaining} left cannot pay for another proposal with its validation ({needed}).");
                }
            }

            if (_o.StopConditions.Count > 0)
            {
                var context = new StopContext(
                    _iteration + 1,
                    _state.TotalMetricCalls,
                    _o.MaxMetricCalls,
                    _state.Count,
                    _state.MeanScore(_state.BestIndex()),
                    _proposalsTried,
                    Elapsed,
                    _reflectionInputTokens,
                    _reflectionOutputTokens,
                    LeaderScore);
                foreach (var condition in _o.StopConditions)
                {
                    if (condition.ShouldStop(context) is { } why)
                    {
                        return (GepaStopReason.StopCondition, why);
                    }
                }
            }

            return null;
        }

        private async ValueTask EmitCheckpointAsync()
        {
            if (_cb.OnCheckpoint.HasSubscribers)
            {
                await _owner.RaiseAsync(_cb.OnCheckpoint, Snapshot());
            }
        }

        private GepaCheckpoint Snapshot()
        {
            var serializer = _owner._adapter as IEvaluationSerializer;
            var (order, epoch, lastSize) = _sampler.Snapshot;
            var checkpoint = new GepaCheckpoint
            {
                Settings = CheckpointSettings.Of(_o, _seed, _trainset.Count, _valset.Count),
                Candidates = [.. Enumerable.Range(0, _state.Count).Select(k => new CheckpointCandidate
                {
                    Components = [.. _state.Candidates[k].Select(kv => new[] { kv.Key, kv.Value })],
                    Parents = _state.Parents[k],
                    ValScores = _state.ValSubscores[k].ToDictionary(),
                    ValObjectives = _state.ValObjectives[k]?.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(StringComparer.Ordinal)),
                    RoundRobinPointer = _state.RoundRobinPointers[k],
                    DiscoveryEvalCount = _state.DiscoveryEvalCounts[k],
                })],
                Iteration = _iteration,
                TotalMetricCalls = _state.TotalMetricCalls,
                NumFullValEvals = _state.NumFullValEvals,
                Counters = new Dictionary<string, long>
                {
                    ["proposalsTried"] = _proposalsTried,
                    ["proposalsAccepted"] = _proposalsAccepted,
                    ["failedProposals"] = _failedProposals,
                    ["reflectionCalls"] = _reflectionCalls,
                    ["reflectionInputTokens"] = _reflectionInputTokens,
                    ["reflectionOutputTokens"] = _reflectionOutputTokens,
                    ["consecutiveFailures"] = _consecutiveFailures,
                    ["idleIterations"] = _idleIterations,
                    ["mergesDue"] = _mergesDue,
                    ["mergesTested"] = _mergesTested,
                    ["mergesAttempted"] = _mergesAttempted,
                },
                LastIterationFoundNewProgram = _lastIterationFoundNewProgram,
                FailureCauses = [.. _failureCauses],
                MergedTriplets = [.. _merge.MergedTriplets.Select(t => new[] { t.I, t.J, t.A })],
                MergedDescendants = [.. _merge.MergedDescendants.Select(d => $"{d.I}|{d.J}|{d.Desc}")],
                SamplerOrder = [.. order],
                SamplerEpoch = epoch,
                SamplerLastSize = lastSize,
                RandomState = _random.GetState(),
                Elapsed = Elapsed,
                Cache = _cache?.Entries().Select(e => new CheckpointCacheEntry
                {
                    Hash = e.Key.Hash,
                    Split = e.Key.Split,
                    Id = e.Key.Id,
                    Score = e.Entry.Score,
                    Objectives = e.Entry.Objectives?.ToDictionary(StringComparer.Ordinal),
                    Output = CheckpointSettings.ToJson(e.Entry.Output, serializer),
                    Trace = e.Entry.HasTrace && serializer is not null ? serializer.Serialize(e.Entry.Trace) : null,
                }).ToList(),
            };
            SnapshotAdaptive(checkpoint);
            return checkpoint;
        }

        private void Restore(GepaCheckpoint cp)
        {
            foreach (var c in cp.Candidates)
            {
                IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>? objectives = c.ValObjectives?.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, double>)kv.Value);
                _state.Add(c.ToCandidate(), c.Parents, c.ValScores, objectives, c.DiscoveryEvalCount);
            }

            for (var k = 0; k < cp.Candidates.Count; k++)
            {
                _state.RoundRobinPointers[k] = cp.Candidates[k].RoundRobinPointer;
            }

            _iteration = cp.Iteration;
            _state.TotalMetricCalls = cp.TotalMetricCalls;
            _state.NumFullValEvals = cp.NumFullValEvals;
            int Count(string name) => (int)cp.Counters.GetValueOrDefault(name);
            _proposalsTried = Count("proposalsTried");
            _proposalsAccepted = Count("proposalsAccepted");
            _failedProposals = Count("failedProposals");
            _reflectionCalls = Count("reflectionCalls");
            _reflectionInputTokens = cp.Counters.GetValueOrDefault("reflectionInputTokens");
            _reflectionOutputTokens = cp.Counters.GetValueOrDefault("reflectionOutputTokens");
            _consecutiveFailures = Count("consecutiveFailures");
            _idleIterations = Count("idleIterations");
            _mergesDue = Count("mergesDue");
            _mergesTested = Count("mergesTested");
            _mergesAttempted = Count("mergesAttempted");
            _lastIterationFoundNewProgram = cp.LastIterationFoundNewProgram;
            _failureCauses.AddRange(cp.FailureCauses);
            _merge.Restore(
                cp.MergedTriplets.Select(t => (t[0], t[1], t[2])),
                cp.MergedDescendants.Select(d => d.Split('|')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), p[2])));
            _sampler.Restore(cp.SamplerOrder, cp.SamplerEpoch, cp.SamplerLastSize);
            _elapsedBefore = cp.Elapsed;
            RestoreAdaptive(cp);
            if (_cache is not null && cp.Cache is not null)
            {
                var serializer = _owner._adapter as IEvaluationSerializer;
                foreach (var e in cp.Cache)
                {
                    var hasTrace = e.Trace is not null && serializer is not null;
                    var output = e.Output is { } o ? (serializer is not null ? serializer.Deserialize(o, isTrace: false) : o) : null;
                    var trace = hasTrace ? serializer!.Deserialize(e.Trace!.Value, isTrace: true) : null;
                    _cache.Restore(e.Hash, e.Split, e.Id, new CachedEvaluation(e.Score, output, e.Objectives, trace, hasTrace));
                }
            }
        }

        private async Task EvaluateSeedAsync()
        {
            var ids = Enumerable.Range(0, _valset.Count).ToList();
            var eval = await EvaluateAsync(_seed, _valset, ids, captureTraces: false, iteration: 0, "the seed candidate", ValSplit);
            var scores = ToScoreMap(ids, eval.Scores);
            var objectives = ToObjectiveMap(ids, eval.ObjectiveScores);
            _state.Add(_seed, [], scores, objectives, 0);
            _state.TotalMetricCalls = ids.Count;
            GepaTelemetry.Rollouts.Add(ids.Count, new KeyValuePair<string, object?>("stage", "seed"));
            _state.NumFullValEvals = 1;
            _cache?.Put(_seed, _valSplit, ids, eval);
            Log.SeedEvaluated(_owner._logger, _state.MeanScore(0), ids.Count);
            await _owner.RaiseAsync(_cb.OnValsetEvaluated, new ValsetEvaluatedArgs(0, 0, _state.MeanScore(0), true, scores));
        }

        private async Task<IterationOutcome> RunIterationAsync(int number)
        {
            if (MergeIsDue || DiversityMergeIsDue)
            {
                var plan = MergeIsDue ? _merge.Propose() : ProposeDiversityMerge(number);
                _lastIterationFoundNewProgram = false;
                if (plan is not null)
                {
                    var spentBeforeMerge = _state.TotalMetricCalls;
                    var outcome = await RunMergeAsync(number, plan);
                    _adaptive?.State.MergeRollouts += _state.TotalMetricCalls - spentBeforeMerge;
                    if (outcome is { } merged)
                    {
                        return merged;
                    }
                }
            }

            if (_o.UseMerge)
            {
                _lastIterationFoundNewProgram = false;
            }

            var spentBefore = _state.TotalMetricCalls;
            var reflective = await RunReflectiveMutationAsync(number);
            CreditBandit(reflective, spentBefore);
            return reflective;
        }

        private async Task<IterationOutcome?> RunMergeAsync(int number, MergePlan plan)
        {
            var ids = _merge.SelectSubsample(plan.I, plan.J, GepaConstants.DefaultMergeSubsampleSize);
            if (ids.Count == 0)
            {
                return null;
            }

            _mergesAttempted++;
            GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", "merge"));
            var parents = new[] { plan.I, plan.J };
            if (_o.DeduplicateCandidates && _state.IndexOf(plan.Merged) >= 0)
            {
                await _owner.RaiseAsync(_cb.OnMergeRejected, new MergeRejectedArgs(number, parents, double.NaN, double.NaN));
                CountRejectedMerge();
                return IterationOutcome.Rejected;
            }

            var (mergedScores, _) = await EvaluateWithCacheAsync(plan.Merged, ids, number, $"the merge of candidates {plan.I} and {plan.J}", "merge");
            await _owner.RaiseAsync(_cb.OnMergeAttempted, new MergeAttemptedArgs(number, parents, plan.Ancestor, plan.Merged));
            var sumI = ids.Sum(k => _state.ValSubscores[plan.I][k]);
            var sumJ = ids.Sum(k => _state.ValSubscores[plan.J][k]);
            var sumMerged = ids.Sum(k => mergedScores[k]);
            var bestParent = Math.Max(sumI, sumJ);
            _consecutiveFailures = 0;
            _failureCauses.Clear();
            if (sumMerged >= bestParent)
            {
                Log.Merge(_owner._logger, number, plan.I, plan.J, plan.Ancestor, sumMerged, bestParent, "accepted");
                var idx = await AddWithValidationAsync(plan.Merged, parents, number, mergedScores);
                _mergesDue = Math.Max(0, _mergesDue - 1); // never below 0 when the diversity trigger, not the schedule, merged
                _mergesTested++;
                GepaTelemetry.Acceptances.Add(1, new KeyValuePair<string, object?>("kind", "merge"));
                await _owner.RaiseAsync(_cb.OnMergeAccepted, new MergeAcceptedArgs(number, idx, parents));
                await _owner.RaiseAsync(_cb.OnCandidateAccepted, new CandidateAcceptedArgs(number, idx, sumMerged, parents));
                return IterationOutcome.Accepted;
            }

            Log.Merge(_owner._logger, number, plan.I, plan.J, plan.Ancestor, sumMerged, bestParent, "rejected");
            CountRejectedMerge();

            await _owner.RaiseAsync(_cb.OnMergeRejected, new MergeRejectedArgs(number, parents, bestParent, sumMerged));
            return IterationOutcome.Rejected;
        }

        private void CountRejectedMerge()
        {
            if (_o.CountRejectedMerges)
            {
                _mergesDue = Math.Max(0, _mergesDue - 1);
                _mergesTested++;
            }
        }

        private async Task<IterationOutcome> RunReflectiveMutationAsync(int number)
        {
            var scores = _state.SelectionScores(); // the means (lineage-completed for partially evaluated candidates)
            var parent = SelectParent(scores);
            var minibatchIds = _adaptive is { Focused: true } focus
                ? FocusedMinibatch.Choose(focus.State, AdaptiveController.MinibatchSize(_o), focus.Options.MinibatchGuards, _trainset.Count, id => PredictedToPass(parent, id), _random)
                : _sampler.Next(_trainset.Count, _iteration);
            await _owner.RaiseAsync(_cb.OnCandidateSelected, new CandidateSelectedArgs(number, parent, scores[parent]));
            await _owner.RaiseAsync(_cb.OnMinibatchSampled, new MinibatchSampledArgs(number, minibatchIds));

            var parentCandidate = _state.Candidates[parent];
            var minibatch = minibatchIds.Select(k => _trainset[k]).ToList();
            var before = await EvaluateMinibatchAsync(parentCandidate, parent, minibatch, minibatchIds, number, $"candidate {parent}");
            _adaptive?.RecordTrainScores(parent, minibatchIds, before.Scores);

            if (before.Traces is null || before.Traces.Count == 0)
            {
                await _owner.RaiseAsync(_cb.OnEvaluationSkipped, new EvaluationSkippedArgs(number, parent, "no_trajectories"));
                return IterationOutcome.Skipped;
            }

            if (_o.SkipPerfectScore && before.Scores.All(s => s >= _o.PerfectScore))
            {
                await _owner.RaiseAsync(_cb.OnEvaluationSkipped, new EvaluationSkippedArgs(number, parent, "all_scores_perfect"));
                return IterationOutcome.Skipped;
            }

            var components = SelectComponents(parent, parentCandidate);
            var dataset = await _owner._adapter.BuildReflectiveDatasetAsync(parentCandidate, minibatch, before, components, _ct);
            await _owner.RaiseAsync(_cb.OnReflectiveDatasetBuilt, new ReflectiveDatasetBuiltArgs(number, parent, components, dataset));
            await _owner.RaiseAsync(_cb.OnProposalStart, new ProposalStartArgs(number, parent, components));

            var newTexts = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            var prompts = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            var replies = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var component in components)
            {
                var records = dataset.RecordsFor(component);
                if (records.Count == 0)
                {
                    continue; // the reference skips a component without records, with no model call
                }

                var prompt = ReflectionPrompt.Render(TemplateFor(component), parentCandidate[component], records);
                var (text, reply, failure, exception) = await ProposeAsync(prompt, number);
                if (failure is not null)
                {
                    _failedProposals++;
                    _consecutiveFailures++;
                    _failureCauses.Add(failure);
                    Log.ProposalFailed(_owner._logger, number, component, failure, exception);
                    await _owner.RaiseAsync(_cb.OnProposalFailed, new ProposalFailedArgs(number, parent, component, failure, exception));
                    return IterationOutcome.Failed;
                }

                newTexts[component] = text!;
                prompts[component] = prompt;
                replies[component] = reply!;
            }

            if (newTexts.Count == 0)
            {
                return IterationOutcome.Skipped;
            }

            _consecutiveFailures = 0;
            _failureCauses.Clear();
            await _owner.RaiseAsync(_cb.OnProposalEnd, new ProposalEndArgs(number, parent, newTexts, prompts, replies));
            var child = parentCandidate.With(newTexts);
            var oldSum = before.Scores.Sum();
            if (_o.DeduplicateCandidates && _state.IndexOf(child) is var twin and >= 0)
            {
                var same = $"the proposal is identical to candidate {twin}, so it was not evaluated";
                Log.Rejected(_owner._logger, number, parent, oldSum, double.NaN);
                await _owner.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, double.NaN, same));
                return IterationOutcome.Rejected;
            }

            var strict = _o.AcceptanceCriterion == AcceptanceCriterion.StrictImprovement;
            var after = _adaptive is { Focused: true }
                ? await EvaluateChildFailuresFirstAsync(child, before, minibatch, minibatchIds, number, $"the child of candidate {parent}", strict)
                : await EvaluateMinibatchAsync(child, null, minibatch, minibatchIds, number, $"the child of candidate {parent}");
            _proposalsTried++;
            GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
            if (after is null)
            {
                const string hopeless = "the child is not ahead on the minibatch examples its parent failed, so it cannot be accepted; it was not scored on the others";
                Log.Rejected(_owner._logger, number, parent, oldSum, double.NaN);
                await _owner.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, double.NaN, hopeless));
                return IterationOutcome.Rejected;
            }

            var newSum = after.Scores.Sum();
            var accept = strict ? newSum > oldSum : newSum >= oldSum;
            if (!accept)
            {
                Log.Rejected(_owner._logger, number, parent, oldSum, newSum);
                var why = _o.AcceptanceCriterion == AcceptanceCriterion.StrictImprovement
                    ? $"minibatch score {newSum} is not above the parent's {oldSum}"
                    : $"minibatch score {newSum} is below the parent's {oldSum}";
                await _owner.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, newSum, why));
                return IterationOutcome.Rejected;
            }

            var idx = await AddWithValidationAsync(child, [parent], number);
            _adaptive?.RecordTrainScores(idx, minibatchIds, after.Scores);
            _proposalsAccepted++;
            GepaTelemetry.Acceptances.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
            Log.Accepted(_owner._logger, number, idx, oldSum, newSum, _state.MeanScore(idx));
            await _owner.RaiseAsync(_cb.OnCandidateAccepted, new CandidateAcceptedArgs(number, idx, newSum, [parent]));
            if (_o.UseMerge)
            {
                _lastIterationFoundNewProgram = true;
                if (_mergesTested < _o.MaxMergeInvocations)
                {
                    _mergesDue++;
                }
            }

            return IterationOutcome.Accepted;
        }

        private int SelectParent(double[] scores)
        {
            switch (_o.CandidateSelection)
            {
                case CandidateSelection.CurrentBest:
                    return ParetoSelection.ArgMax(scores);
                case CandidateSelection.EpsilonGreedy:
                    return _random.NextDouble() < _o.Epsilon ? _random.RandInt(0, _state.Count - 1) : ParetoSelection.ArgMax(scores);
                case CandidateSelection.TopKPareto:
                    // The reference's set(sorted(...)[:k]) and prog_set & top_k: CPython set operations, as they decide the order.
                    var top = new PythonIntSet(Enumerable.Range(0, scores.Length).OrderByDescending(k => scores[k]).Take(_o.TopK));
                    var restricted = _state.SelectionFrontMapping().Select(f => f.Intersect(top)).Where(f => f.Count > 0).ToList();
                    return ParetoSelection.Select(restricted, scores, _random) ?? ParetoSelection.ArgMax(scores);
                default:
                    return ParetoSelection.Select(_state.SelectionFrontMapping(), scores, _random)
                        ?? throw new InvalidOperationException("The Pareto front is empty; this cannot happen with a non-empty valset.");
            }
        }

        private List<string> SelectComponents(int parent, Candidate parentCandidate)
        {
            if (_o.ComponentSelection == ComponentSelection.All)
            {
                return [.. parentCandidate.ComponentNames];
            }

            if (_adaptive is { Bandit: true } adaptive)
            {
                return [SelectComponentByBandit(adaptive)]; // the bandit replaces round-robin (GepaOptimizer.Adaptive.cs)
            }

            // Round-robin over the seed's component order; only the parent's pointer advances.
            var names = _seed.ComponentNames;
            var pointer = _state.RoundRobinPointers[parent];
            _state.RoundRobinPointers[parent] = (pointer + 1) % names.Count;
            return [names[pointer]];
        }

        private string TemplateFor(string component) =>
            _o.ComponentReflectionPromptTemplates.TryGetValue(component, out var t) ? t : _o.ReflectionPromptTemplate ?? ReflectionPrompt.DefaultTemplate;

        /// <summary>Asks the reflection model for a new text, retrying errors and unusable replies with backoff.</summary>
        private async Task<(string? Text, string? Reply, string? Failure, Exception? Exception)> ProposeAsync(string prompt, int number)
        {
            string failure = "";
            Exception? last = null;
            for (var attempt = 0; attempt <= _o.ReflectionRetries; attempt++)
            {
                if (attempt > 0 && _o.ReflectionRetryDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_o.ReflectionRetryDelay * Math.Pow(2, attempt - 1), _o.TimeProvider, _ct);
                }

                try
                {
                    _reflectionCalls++;
                    var response = await _owner._reflectionClient.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], null, _ct);
                    _reflectionInputTokens += response.Usage?.InputTokenCount ?? 0;
                    _reflectionOutputTokens += response.Usage?.OutputTokenCount ?? 0;
                    GepaTelemetry.ReflectionTokens.Add(response.Usage?.InputTokenCount ?? 0, new KeyValuePair<string, object?>("direction", "input"));
                    GepaTelemetry.ReflectionTokens.Add(response.Usage?.OutputTokenCount ?? 0, new KeyValuePair<string, object?>("direction", "output"));
                    var reply = response.Text ?? "";
                    if (response.FinishReason == ChatFinishReason.Length)
                    {
                        failure = "the reflection reply was truncated (finish reason: length); raise the reflection model's max output tokens";
                    }
                    else if (string.IsNullOrWhiteSpace(reply))
                    {
                        failure = "the reflection model returned an empty reply";
                    }
                    else if (ReflectionPrompt.Extract(reply) is { Length: > 0 } text)
                    {
                        return (text, reply, null, null);
                    }
                    else
                    {
                        failure = "the reflection reply's fenced block was empty";
                    }

                    last = null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_ct.IsCancellationRequested)
                {
                    failure = $"the reflection model threw {ex.GetType().Name}: {ex.Message}";
                    last = ex;
                }

                Log.ReflectionRetry(_owner._logger, number, attempt + 1, failure, last);
            }

            return (null, null, $"{failure} (after {_o.ReflectionRetries + 1} attempts)", last);
        }

        private async Task<EvaluationBatch> EvaluateMinibatchAsync(Candidate candidate, int? index, List<TExample> minibatch, IReadOnlyList<int> ids, int number, string what)
        {
            await _owner.RaiseAsync(_cb.OnEvaluationStart, new EvaluationStartArgs(number, index, ids, true));
            var hits = new CachedEvaluation?[ids.Count];
            var misses = new List<int>();
            for (var j = 0; j < ids.Count; j++)
            {
                if (_cache is not null && _o.CacheMinibatchEvaluations && _cache.TryGet(candidate, TrainSplit, ids[j], needTrace: true, out var hit))
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
                eval = await EvaluateAsync(candidate, minibatch, ids, captureTraces: true, number, what, TrainSplit);
                await SpendAsync(eval.MetricCalls ?? ids.Count, "minibatch");
                _cache?.Put(candidate, TrainSplit, ids, eval);
            }
            else
            {
                var missIds = misses.Select(j => ids[j]).ToList();
                EvaluationBatch? fresh = null;
                if (misses.Count > 0)
                {
                    fresh = await EvaluateAsync(candidate, [.. misses.Select(j => minibatch[j])], missIds, captureTraces: true, number, what, TrainSplit);
                    await SpendAsync(fresh.MetricCalls ?? misses.Count, "minibatch");
                    _cache?.Put(candidate, TrainSplit, missIds, fresh);
                }

                eval = Combine(hits, misses, fresh);
            }

            await _owner.RaiseAsync(_cb.OnEvaluationEnd, new EvaluationEndArgs(number, index, ids, eval.Scores));
            return eval;
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
        private static EvaluationBatch Interleave(int count, params (List<int> Positions, EvaluationBatch? Batch)[] parts)
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
        private async Task<(Dictionary<int, double> Scores, Dictionary<int, IReadOnlyDictionary<string, double>> Objectives)> EvaluateWithCacheAsync(Candidate candidate, IReadOnlyList<int> ids, int number, string what, string stage)
        {
            var scores = new Dictionary<int, double>();
            var objectives = new Dictionary<int, IReadOnlyDictionary<string, double>>();
            var misses = new List<int>();
            foreach (var id in ids)
            {
                if (_cache is not null && _cache.TryGet(candidate, _valSplit, id, needTrace: false, out var hit))
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
                var eval = await EvaluateAsync(candidate, [.. misses.Select(k => _valset[k])], misses, captureTraces: false, number, what, ValSplit);
                for (var j = 0; j < misses.Count; j++)
                {
                    scores[misses[j]] = eval.Scores[j];
                    if (eval.ObjectiveScores is not null)
                    {
                        objectives[misses[j]] = eval.ObjectiveScores[j];
                    }
                }

                _cache?.Put(candidate, _valSplit, misses, eval);
                await SpendAsync(misses.Count, stage);
            }

            return (scores, objectives);
        }

        private async Task<int> AddWithValidationAsync(Candidate candidate, int[] parents, int number, IReadOnlyDictionary<int, double>? known = null)
        {
            if (_adaptive is { Racing: true })
            {
                return await AddWithRaceAsync(candidate, parents, number, known); // GepaOptimizer.Adaptive.cs
            }

            var ids = Enumerable.Range(0, _valset.Count).ToList();
            var discovery = _state.TotalMetricCalls;
            var frontBefore = _state.FrontMembers();
            var (scores, objectives) = await EvaluateWithCacheAsync(candidate, ids, number, "a new candidate", "validation");
            var ordered = ids.ToDictionary(k => k, k => scores[k]);
            var orderedObjectives = objectives.Count == 0 ? null : ids.Where(objectives.ContainsKey).ToDictionary(k => k, k => objectives[k]);
            var idx = _state.Add(candidate, parents, ordered, orderedObjectives, discovery);
            _state.NumFullValEvals++;
            GepaTelemetry.BestScore.Record(_state.MeanScore(_state.BestIndex()));
            var frontAfter = _state.FrontMembers();
            var displaced = frontBefore.Where(p => !frontAfter.Contains(p)).ToList();
            await _owner.RaiseAsync(_cb.OnParetoFrontUpdated, new ParetoFrontUpdatedArgs(number, [.. frontAfter], displaced));
            await _owner.RaiseAsync(_cb.OnValsetEvaluated, new ValsetEvaluatedArgs(number, idx, _state.MeanScore(idx), idx == _state.BestIndex(), ordered));
            return idx;
        }

        private async Task<EvaluationBatch> EvaluateAsync(Candidate candidate, IReadOnlyList<TExample> batch, IReadOnlyList<int> ids, bool captureTraces, int iteration, string what, string split)
        {
            EvaluationBatch eval;
            try
            {
                eval = await _owner._adapter.EvaluateAsync(batch, candidate, captureTraces, _ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_ct.IsCancellationRequested)
            {
                var where = $"{what} on {(split == TrainSplit ? "training" : "validation")} examples [{string.Join(", ", ids)}] in iteration {iteration}";
                if (!_o.ScoreAdapterExceptionsAsFailures)
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

        private async ValueTask SpendAsync(int delta, string stage)
        {
            GepaTelemetry.Rollouts.Add(delta, new KeyValuePair<string, object?>("stage", stage));
            _state.TotalMetricCalls += delta;
            await _owner.RaiseAsync(_cb.OnBudgetUpdated, new BudgetUpdatedArgs(_state.TotalMetricCalls, delta, _o.MaxMetricCalls));
        }

        private static Dictionary<int, double> ToScoreMap(IReadOnlyList<int> ids, IReadOnlyList<double> scores) =>
            ids.Select((id, j) => (id, j)).ToDictionary(x => x.id, x => scores[x.j]);

        private static Dictionary<int, IReadOnlyDictionary<string, double>>? ToObjectiveMap(IReadOnlyList<int> ids, IReadOnlyList<IReadOnlyDictionary<string, double>>? objectives) =>
            objectives is null ? null : ids.Select((id, j) => (id, j)).ToDictionary(x => x.id, x => objectives[x.j]);

        private GepaResult BuildResult(int best, int iterations, GepaStopReason reason, string message)
        {
            var hasObjectives = _state.ObjectiveAggregates.Any(a => a.Count > 0);
            return new GepaResult
            {
                Candidates = [.. _state.Candidates],
                Parents = [.. _state.Parents.Select(p => (IReadOnlyList<int>)p)],
                ValAggregateScores = _state.MeanScores(),
                ValSubscores = [.. _state.ValSubscores],
                PerValInstanceBestCandidates = _state.InstanceFrontPrograms(),
                ValAggregateSubscores = hasObjectives ? [.. _state.ObjectiveAggregates] : null,
                PerObjectiveBestCandidates = hasObjectives ? _state.ObjectiveFrontPrograms() : null,
                ObjectiveParetoFront = hasObjectives ? _state.ObjectiveFrontScores() : null,
                DiscoveryEvalCounts = [.. _state.DiscoveryEvalCounts],
                TotalMetricCalls = _state.TotalMetricCalls,
                NumFullValEvals = _state.NumFullValEvals,
                Seed = _o.Seed,
                BestIndex = best,
                Iterations = iterations,
                ProposalsTried = _proposalsTried,
                ProposalsAccepted = _proposalsAccepted,
                Merges = (_mergesAttempted, _mergesTested),
                FailedProposals = _failedProposals,
                ReflectionCalls = _reflectionCalls,
                ReflectionInputTokens = _reflectionInputTokens,
                ReflectionOutputTokens = _reflectionOutputTokens,
                StopReason = reason,
                StopMessage = message,
            };
        }
    }

    private enum IterationOutcome
    {
        Accepted,
        Rejected,
        Skipped,
        Failed,
    }
}
