using Gepa.Strategies;

namespace Gepa;

/// <content>One optimization run: the reference loop (§2.3–§2.14) with our budget and failure handling.</content>
public sealed partial class GepaOptimizer<TExample>
{
    private sealed class Run
    {
        private readonly RunContext<TExample> _run;
        private readonly GepaOptions _o;
        private readonly GepaCallbacks _cb;
        private readonly Candidate _seed;
        private readonly IReadOnlyList<TExample> _trainset;
        private readonly IReadOnlyList<TExample> _valset;
        private readonly CancellationToken _ct;
        private readonly PythonRandom _random;
        private readonly GepaState _state;
        private readonly RunCounters _counters;
        private readonly RolloutBudget _budget;
        private readonly RolloutEvaluator<TExample> _evaluator;
        private readonly RunStrategies<TExample> _strategies;
        private readonly long _startTimestamp;
        private readonly GepaCheckpoint? _resumeFrom;
        private TimeSpan _elapsedBefore;

        /// <summary>Per candidate, what its checkpoint entries share (see <see cref="SnapshotCandidate"/>).</summary>
        private readonly List<(List<string[]> Components, IReadOnlyDictionary<int, double> ScoresSource, Dictionary<int, double> Scores, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>? ObjectivesSource, Dictionary<int, Dictionary<string, double>>? Objectives)> _snapshotParts = [];

        public Run(GepaOptimizer<TExample> owner, Candidate seed, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample> valset, string valSplit, GepaCheckpoint? resumeFrom, CancellationToken ct)
        {
            _resumeFrom = resumeFrom;
            _o = owner._options;
            _cb = _o.Callbacks;
            _seed = seed;
            _trainset = trainset;
            _valset = valset;
            _ct = ct;
            _random = resumeFrom is null ? new PythonRandom(_o.Seed) : PythonRandom.FromState(resumeFrom.RandomState);
            _state = new GepaState(_o.FrontierType) { ValsetSize = valset.Count };
            _run = new RunContext<TExample>
            {
                Options = _o,
                Seed = seed,
                Trainset = trainset,
                Valset = valset,
                ValidationSplit = valSplit,
                CancellationToken = ct,
                Random = _random,
                State = _state,
                Logger = owner._logger,
                Adapter = owner._adapter,
                ReflectionClient = owner._reflectionClient,
                RunId = FormattableString.Invariant($"{seed.ContentHash}:{_o.Seed}"),
            };
            _counters = _run.Counters;
            _budget = new RolloutBudget(_o, _state, args => _run.RaiseAsync(_cb.OnBudgetUpdated, args));
            _evaluator = new RolloutEvaluator<TExample>(_run, _budget, owner._executor ?? new LocalRolloutExecutor<TExample>(owner._adapter));
            _strategies = PolicyPresets.Build(_run, _budget, _evaluator, new GepaStateView<TExample>(_run));
            _startTimestamp = _o.TimeProvider.GetTimestamp();
        }

        private int _iteration
        {
            get => _run.Iteration;
            set => _run.Iteration = value;
        }

        private int Budget => _budget.Max;

        private int Remaining => _budget.Remaining;

        /// <summary>Gets the most iterations the run makes: <see cref="GepaOptions.MaxIterations"/>, or the rollout budget.</summary>
        private int? IterationLimit => _o.MaxIterations ?? _o.MaxMetricCalls;

        private TimeSpan Elapsed => _elapsedBefore + _o.TimeProvider.GetElapsedTime(_startTimestamp);

        public async Task<GepaResult> ExecuteAsync()
        {
            using var runActivity = GepaTelemetry.ActivitySource.StartActivity("gepa.optimize");
            runActivity?.SetTag("gepa.seed", _o.Seed);
            runActivity?.SetTag("gepa.max_metric_calls", _o.MaxMetricCalls);
            runActivity?.SetTag("gepa.resumed", _resumeFrom is not null);
            await _run.RaiseAsync(_cb.OnOptimizationStart, new OptimizationStartArgs(_seed, _trainset.Count, _valset.Count));
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

                await _run.RaiseAsync(_cb.OnStateSaved, new StateSavedArgs(_iteration + 1));
                _iteration++;
                var number = _iteration + 1;
                using var iterationActivity = GepaTelemetry.ActivitySource.StartActivity("gepa.iteration");
                iterationActivity?.SetTag("gepa.iteration", number);
                await _run.RaiseAsync(_cb.OnIterationStart, new IterationStartArgs(number));
                var accepted = false;
                var spentBefore = _state.TotalMetricCalls;
                changedSinceCheckpoint = true;
                try
                {
                    var outcome = await RunIterationAsync(number);
                    accepted = outcome == IterationOutcome.Accepted;
                    // An iteration that spent nothing is idle even when it added a candidate: only a copy of a candidate
                    // already scored can be added for free, and copies accepted forever were issue 18's endless run.
                    _counters.IdleIterations = _state.TotalMetricCalls > spentBefore ? 0 : _counters.IdleIterations + 1;
                }
                catch (OperationCanceledException) when (_ct.IsCancellationRequested)
                {
                    reason = GepaStopReason.Cancelled;
                    message = $"Cancelled during iteration {number}; that iteration was abandoned and nothing from it was added.";
                    break;
                }
                catch (Exception ex) when (ex is not GepaEvaluationException)
                {
                    await _run.RaiseAsync(_cb.OnError, new ErrorArgs(number, ex, false));
                    throw;
                }
                finally
                {
                    await _run.RaiseAsync(_cb.OnIterationEnd, new IterationEndArgs(number, accepted));
                }
            }

            // Validation's end of the run: racing fully evaluates a partially evaluated leader, so the best is chosen
            // among full evaluations. It spends after the stop, so the message states the final numbers (issue 18: the
            // message said one count and totalMetricCalls another).
            var spentAtStop = _state.TotalMetricCalls;
            if (reason != GepaStopReason.Cancelled && await _strategies.Validation.FinishAsync())
            {
                changedSinceCheckpoint = true;
            }

            if (_state.TotalMetricCalls > spentAtStop)
            {
                message += $" After the stop, the leader's final full evaluation spent {_state.TotalMetricCalls - spentAtStop} more rollouts: {_state.TotalMetricCalls} of {Budget} in all.";
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
            Log.Stopped(_run.Logger, iterations, _state.TotalMetricCalls, message);
            await _run.RaiseAsync(_cb.OnOptimizationEnd, new OptimizationEndArgs(best, iterations, _state.TotalMetricCalls, reason));
            return BuildResult(best, iterations, reason, message);
        }

        /// <summary>Restores the checkpoint into this (otherwise unused) run and says whether it would stop before its
        /// first iteration with nothing left to finish; nothing is called or raised.</summary>
        public string? FinishedMessage()
        {
            Restore(_resumeFrom!);
            return CheckStop() is { } stop && !_strategies.Validation.HasWorkToFinish ? stop.Item2 : null;
        }

        private (GepaStopReason, string)? CheckStop()
        {
            if (_ct.IsCancellationRequested)
            {
                return (GepaStopReason.Cancelled, "Cancelled by the caller.");
            }

            // Checked here, at the iteration boundary, so that a run resumed from its last checkpoint stops where it did.
            if (_counters.ConsecutiveFailures >= _o.MaxConsecutiveFailures)
            {
                return (GepaStopReason.ConsecutiveFailures, $"{_counters.ConsecutiveFailures} iterations in a row failed to produce a proposal: {string.Join(" | ", _counters.FailureCauses.Distinct())}");
            }

            if (_counters.IdleIterations >= _o.MaxIdleIterations)
            {
                return (GepaStopReason.NoProgress, $"{_counters.IdleIterations} iterations in a row spent no rollouts: every minibatch and proposal was already cached, so the search saw nothing new.");
            }

            if (_state.TotalMetricCalls >= Budget)
            {
                return (GepaStopReason.BudgetExhausted, $"The rollout budget is spent ({_state.TotalMetricCalls} of {Budget}).");
            }

            // Strict budget: start an iteration only when its worst case fits (both minibatches, or a merge subsample,
            // and then a full validation), so the budget is never exceeded.
            if (_o.StrictBudget)
            {
                var needed = StrictReserve.Needed(_strategies);
                if (Remaining < needed)
                {
                    return (GepaStopReason.BudgetExhausted, $"The rollout budget is spent: {_state.TotalMetricCalls} of {Budget} used, and the {Remaining} left cannot pay for another proposal with its validation ({needed}).");
                }
            }

            // Every iteration counts against a limit, even one whose rollouts were all free (it still paid for reflection).
            if (IterationLimit is { } limit && _iteration + 1 >= limit)
            {
                return (GepaStopReason.IterationLimit, $"The run made {_iteration + 1} iterations, its limit ({(_o.MaxIterations is null ? "by default the rollout budget" : "MaxIterations")}: {limit}); {_state.TotalMetricCalls} of {Budget} rollouts were spent.");
            }

            if (_o.StopConditions.Count > 0)
            {
                var context = new StopContext(
                    _iteration + 1,
                    _state.TotalMetricCalls,
                    _o.MaxMetricCalls,
                    _state.Count,
                    _state.MeanScore(_state.BestIndex()),
                    _counters.ProposalsTried,
                    Elapsed,
                    _counters.ReflectionInputTokens,
                    _counters.ReflectionOutputTokens,
                    _strategies.Validation.LeaderScore);
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
                await _run.RaiseAsync(_cb.OnCheckpoint, Snapshot());
            }
        }

        private GepaCheckpoint Snapshot()
        {
            var serializer = _run.Adapter as IEvaluationSerializer;
            var checkpoint = new GepaCheckpoint
            {
                Settings = CheckpointSettings.Of(_o, _seed, _trainset.Count, _valset.Count),
                Candidates = [.. Enumerable.Range(0, _state.Count).Select(SnapshotCandidate)],
                Iteration = _iteration,
                TotalMetricCalls = _state.TotalMetricCalls,
                NumFullValEvals = _state.NumFullValEvals,
                Counters = new Dictionary<string, long>(),
                RandomState = _random.GetState(),
                Elapsed = Elapsed,
            };
            foreach (var slice in _strategies.Slices)
            {
                slice.SaveTo(checkpoint);
            }

            return checkpoint;
        }

        /// <summary>A candidate of a checkpoint. Its components and scores are copied once and shared by the following
        /// checkpoints for as long as the state keeps the same score maps (the state replaces a map when it adds scores,
        /// and never changes one in place): copying every candidate's scores at every iteration was work in proportion
        /// to the whole pool per iteration.</summary>
        private CheckpointCandidate SnapshotCandidate(int k)
        {
            if (k == _snapshotParts.Count)
            {
                _snapshotParts.Add(([.. _state.Candidates[k].Select(kv => new[] { kv.Key, kv.Value })], null!, null!, null, null));
            }

            var (components, scoresSource, scores, objectivesSource, objectives) = _snapshotParts[k];
            if (!ReferenceEquals(scoresSource, _state.ValSubscores[k]) || scores.Count != scoresSource.Count || !ReferenceEquals(objectivesSource, _state.ValObjectives[k]))
            {
                (scoresSource, objectivesSource) = (_state.ValSubscores[k], _state.ValObjectives[k]);
                scores = scoresSource.ToDictionary();
                objectives = objectivesSource?.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(StringComparer.Ordinal));
                _snapshotParts[k] = (components, scoresSource, scores, objectivesSource, objectives);
            }

            return new CheckpointCandidate
            {
                Components = components,
                Parents = _state.Parents[k],
                ValScores = scores,
                ValObjectives = objectives,
                RoundRobinPointer = _state.RoundRobinPointers[k],
                DiscoveryEvalCount = _state.DiscoveryEvalCounts[k],
            };
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
            _elapsedBefore = cp.Elapsed;
            foreach (var slice in _strategies.Slices)
            {
                slice.RestoreFrom(cp);
            }

            // A run that stopped because proposals kept failing tells the user to resume once the cause is fixed: the
            // resumed session gives the streak a fresh start instead of stopping again at once. Shorter streaks are
            // kept, so a run interrupted mid-streak resumes exactly.
            if (_counters.ConsecutiveFailures >= _o.MaxConsecutiveFailures)
            {
                _counters.ConsecutiveFailures = 0;
                _counters.FailureCauses.Clear();
            }
        }

        private async Task EvaluateSeedAsync()
        {
            var (scores, objectives) = await _evaluator.EvaluateSeedAsync(_seed);
            _state.Add(_seed, [], scores, objectives, 0);
            _state.NumFullValEvals = 1;
            Log.SeedEvaluated(_run.Logger, _state.MeanScore(0), scores.Count);
            await _run.RaiseAsync(_cb.OnValsetEvaluated, new ValsetEvaluatedArgs(0, 0, _state.MeanScore(0), true, scores));
        }

        /// <summary>One iteration: a merge when one is due, else a reflective proposal.</summary>
        private async Task<IterationOutcome> RunIterationAsync(int number)
        {
            if (await _strategies.Merge.TryAsync(number) is { } merged)
            {
                return merged;
            }

            return await _strategies.Mutation.ProposeAsync(number);
        }

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
                ProposalsTried = _counters.ProposalsTried,
                ProposalsAccepted = _counters.ProposalsAccepted,
                Merges = (_strategies.Merge.Schedule.Attempted, _strategies.Merge.Schedule.Tested),
                FailedProposals = _counters.FailedProposals,
                ReflectionCalls = _counters.ReflectionCalls,
                ReflectionInputTokens = _counters.ReflectionInputTokens,
                ReflectionOutputTokens = _counters.ReflectionOutputTokens,
                StopReason = reason,
                StopMessage = message,
            };
        }
    }
}
