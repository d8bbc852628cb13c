using Gepa.Strategies;

namespace Gepa;

/// <summary>The reference's reflective mutation (§2.7–§2.10), for one or several proposals per iteration: the
/// sampling strategy picks (parent, minibatch) tasks; each task scores its parent with traces, builds the reflective
/// dataset, asks the reflection model for new texts of the chosen components and scores the child on the same
/// minibatch; the selection strategy picks which children go on to validation.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <remarks>Every random draw and every state change happens in task order, on inputs that the concurrent part (the
/// evaluations and the reflection calls) cannot change, so a run's result does not depend on how the tasks
/// interleave.</remarks>
internal sealed class ReflectiveMutationProposer<TExample> : IProposerContext
{
    private readonly RunContext<TExample> _run;
    private readonly GepaOptions _o;
    private readonly GepaCallbacks _cb;
    private readonly GepaState _state;
    private readonly RunCounters _counters;
    private readonly IReadOnlyList<TExample> _trainset;
    private readonly IGepaStateView _view;
    private readonly ICandidateSelector _candidateSelector;
    private readonly IBatchSampler _sampler;
    private readonly IComponentSelector _componentSelector;
    private readonly RolloutEvaluator<TExample> _evaluator;
    private readonly ReflectionCaller<TExample> _reflection;
    private readonly IChildEvaluation<TExample> _childEvaluation;
    private readonly IAcceptanceCriterion _acceptance;
    private readonly ISamplingStrategy _sampling;
    private readonly ISelectionStrategy _selection;
    private readonly ICandidateProposer? _custom;
    private readonly Func<Candidate, int[], int, IReadOnlyDictionary<int, double>?, int?, Task<int>> _validate;
    private readonly Func<int, bool> _canValidate;
    private readonly Action _onAccepted;
    private int _number;

    public ReflectiveMutationProposer(
        RunContext<TExample> run,
        IGepaStateView view,
        ProposalStrategies strategies,
        RolloutEvaluator<TExample> evaluator,
        IChildEvaluation<TExample> childEvaluation,
        Func<Candidate, int[], int, IReadOnlyDictionary<int, double>?, int?, Task<int>> validate,
        Func<int, bool> canValidate,
        Action onAccepted)
    {
        _run = run;
        _o = run.Options;
        _cb = run.Callbacks;
        _state = run.State;
        _counters = run.Counters;
        _trainset = run.Trainset;
        _view = view;
        _candidateSelector = strategies.CandidateSelector;
        _sampler = strategies.BatchSampler;
        _componentSelector = strategies.ComponentSelector;
        _acceptance = strategies.Acceptance;
        _sampling = strategies.Sampling;
        _selection = strategies.Selection;
        _custom = strategies.Proposer;
        _evaluator = evaluator;
        _reflection = new ReflectionCaller<TExample>(run);
        _childEvaluation = childEvaluation;
        _validate = validate;
        _canValidate = canValidate;
        _onAccepted = onAccepted;
    }

    /// <summary>Gets the most rollouts one iteration's proposals spend: each task's parent and child minibatch.</summary>
    public int WorstCase => _sampling.MaxTasks * 2 * AdaptiveController.MinibatchSize(_o, _trainset.Count);

    /// <summary>Gets the most children one iteration can send to validation.</summary>
    public int MaxAccepted => _custom is not null ? 1 : Math.Max(_selection.MaxSelected(_sampling.MaxTasks), 0);

    /// <summary>Gets the component selector, which may learn from outcomes.</summary>
    public IComponentSelector ComponentSelector => _componentSelector;

    /// <summary>Gets the batch sampler, which may keep a checkpoint slice.</summary>
    public IBatchSampler Sampler => _sampler;

    /// <inheritdoc/>
    IGepaStateView IProposerContext.State => _view;

    /// <inheritdoc/>
    ICandidateSelector IProposerContext.CandidateSelector => _candidateSelector;

    /// <inheritdoc/>
    IBatchSampler IProposerContext.BatchSampler => _sampler;

    /// <inheritdoc/>
    async Task<EvaluationBatch> IProposerContext.EvaluateAsync(Candidate candidate, IReadOnlyList<int> trainIds)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(trainIds);
        var index = _state.IndexOf(candidate);
        return await _evaluator.EvaluateMinibatchAsync(candidate, index >= 0 ? index : null, [.. trainIds.Select(k => _trainset[k])], trainIds, _number, "a custom proposal", 0);
    }

    /// <summary>Runs one iteration's proposals.</summary>
    public async Task<IterationOutcome> ProposeAsync(int number)
    {
        _number = number;
        _evaluator.ResetProposalSpend();
        if (_custom is not null)
        {
            var proposal = await _custom.ProposeAsync(this, _run.CancellationToken);
            if (proposal is null)
            {
                return IterationOutcome.Skipped;
            }

            _counters.ProposalsTried++;
            GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", proposal.Tag));
            return (await SelectAndAddAsync(number, [proposal], _ => 0, IterationOutcome.Skipped)).Outcome;
        }

        // Draws first, in task order: parents and minibatches.
        var scores = _state.SelectionScores(); // the means (lineage-completed for partially evaluated candidates)
        var tasks = _sampling.SampleTasks(_view, _candidateSelector, _sampler);
        for (var i = 0; i < tasks.Count; i++)
        {
            // A proposal's id is its position in the sampling strategy's draw: every event of the proposal carries it.
            await _run.RaiseAsync(_cb.OnCandidateSelected, new CandidateSelectedArgs(number, tasks[i].ParentIndex, scores[tasks[i].ParentIndex], i));
            await _run.RaiseAsync(_cb.OnMinibatchSampled, new MinibatchSampledArgs(number, tasks[i].MinibatchIds, i));
        }

        var minibatches = tasks.Select(t => t.MinibatchIds.Select(k => _trainset[k]).ToList()).ToList();
        var (components, results) = tasks.Count > 1 && (_o.MaxConcurrentProposals <= 0 || _o.MaxConcurrentProposals >= tasks.Count)
            ? await PipelineAsync(number, tasks, minibatches)
            : await InPhasesAsync(number, tasks, minibatches);

        // In task order again: counters, events, then selection and validation.
        var outcome = IterationOutcome.Skipped;
        var proposals = new List<CandidateProposal>();
        var ids = new Dictionary<CandidateProposal, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < results.Length; i++)
        {
            var r = results[i];
            if (r.Failure is { } failure)
            {
                _counters.FailedProposals++;
                _counters.ConsecutiveFailures++;
                _counters.FailureCauses.Add(failure.Reason);
                Log.ProposalFailed(_run.Logger, number, failure.Component, failure.Reason, failure.Exception);
                await _run.RaiseAsync(_cb.OnProposalFailed, new ProposalFailedArgs(number, failure.Parent, failure.Component, failure.Reason, failure.Exception, i));
                outcome = Worse(outcome, IterationOutcome.Failed);
                continue;
            }

            if (!r.Produced)
            {
                continue;
            }

            _counters.ConsecutiveFailures = 0;
            _counters.FailureCauses.Clear();
            if (r.Rejection is { } rejection)
            {
                if (r.Tried)
                {
                    _counters.ProposalsTried++;
                    GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
                }

                Log.Rejected(_run.Logger, number, r.Parent, r.OldSum, double.NaN);
                await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, r.OldSum, double.NaN, rejection, i));
                outcome = IterationOutcome.Rejected;
                continue;
            }

            _counters.ProposalsTried++;
            GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
            var proposal = r.Proposal!;

            // Without deduplication the child is scored, as the reference scores it, but a copy of its parent is never
            // a new candidate: improvement-or-equal would accept it on equal scores and, with the cache on, for free,
            // every iteration (issue 18). Where the acceptance rejects it anyway, the reference's rejection is kept.
            if (proposal.Candidate.Equals(_state.Candidates[r.Parent]) && _acceptance.ShouldAccept(proposal.ScoresBefore, proposal.ScoresAfter))
            {
                var (oldSum, newSum) = (proposal.ScoresBefore.Sum(), proposal.ScoresAfter.Sum());
                Log.Rejected(_run.Logger, number, r.Parent, oldSum, newSum);
                await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, newSum, $"the proposal is identical to its parent, candidate {r.Parent}, so it is not a new candidate", i));
                outcome = IterationOutcome.Rejected;
                continue;
            }

            proposals.Add(proposal);
            ids[proposal] = i;
        }

        var (final, accepted, validationSpend) = proposals.Count == 0 ? (outcome, [], []) : await SelectAndAddAsync(number, proposals, p => ids[p], outcome);
        if (_componentSelector is IProposalOutcomeObserver observer)
        {
            // Once per proposal that had components chosen, in the order they were drawn, so that what the selector
            // learns never depends on which proposal finished first.
            for (var i = 0; i < tasks.Count; i++)
            {
                if (components[i] is { } rewritten)
                {
                    var spent = _evaluator.ProposalSpend(i) + validationSpend.GetValueOrDefault(i);
                    observer.Observe(_state, new ProposalOutcome(tasks[i].ParentIndex, rewritten, accepted.TryGetValue(i, out var child) ? child : null, spent));
                }
            }
        }

        return final;
    }

    /// <summary>Lets the selection strategy choose among scored proposals, reports the others as rejected, and validates
    /// and adds the chosen ones in order.</summary>
    /// <returns>The iteration's outcome, the pool index of each accepted proposal and the validation rollouts each
    /// chosen proposal spent, both by proposal id.</returns>
    private async Task<(IterationOutcome Outcome, Dictionary<int, int> Accepted, Dictionary<int, int> ValidationSpend)> SelectAndAddAsync(int number, List<CandidateProposal> proposals, Func<CandidateProposal, int> idOf, IterationOutcome outcome)
    {
        var accepted = new Dictionary<int, int>();
        var validationSpend = new Dictionary<int, int>();
        var chosen = _selection.SelectProposals(proposals, _view, _acceptance).Where(p => proposals.Any(q => ReferenceEquals(p, q))).Distinct(ReferenceEqualityComparer.Instance).Cast<CandidateProposal>().ToList();
        foreach (var p in proposals.Where(p => !chosen.Any(c => ReferenceEquals(c, p))))
        {
            var (oldSum, newSum) = (p.ScoresBefore.Sum(), p.ScoresAfter.Sum());
            Log.Rejected(_run.Logger, number, p.ParentIndexes[0], oldSum, newSum);
            var why = !_acceptance.ShouldAccept(p.ScoresBefore, p.ScoresAfter)
                ? _acceptance is IExplainsRejection explains
                    ? explains.Why(oldSum, newSum)
                    : $"the acceptance criterion {_acceptance.GetType().Name} rejected minibatch score {newSum} against the parent's {oldSum}"
                : $"minibatch score {newSum} passed acceptance against the parent's {oldSum} but was not chosen by the selection strategy ({_selection})";
            await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, newSum, why, idOf(p)));
            outcome = IterationOutcome.Rejected;
        }

        foreach (var p in chosen)
        {
            var (oldSum, newSum) = (p.ScoresBefore.Sum(), p.ScoresAfter.Sum());
            var parents = p.ParentIndexes.ToArray();
            if (_o.DeduplicateCandidates && _state.IndexOf(p.Candidate) is var twin and >= 0)
            {
                // Two proposals of one iteration wrote the same texts: the first one chosen is in the pool already.
                Log.Rejected(_run.Logger, number, parents[0], oldSum, newSum);
                await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, newSum, $"the proposal is identical to candidate {twin}, added earlier in this iteration", idOf(p)));
                outcome = IterationOutcome.Rejected;
                continue;
            }

            if (!_canValidate(number))
            {
                // An earlier child of this iteration spent what this one's validation was to get (RunValidation).
                Log.Rejected(_run.Logger, number, parents[0], oldSum, newSum);
                await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, newSum, "the budget left after the rollouts kept back for the end of the run cannot pay for its validation", idOf(p)));
                outcome = IterationOutcome.Rejected;
                continue;
            }

            var id = idOf(p);
            var spentBefore = _state.TotalMetricCalls;
            var idx = await _validate(p.Candidate, parents, number, null, id);
            validationSpend[id] = _state.TotalMetricCalls - spentBefore;
            accepted[id] = idx;
            (_sampler as ITrainScoreObserver)?.Record(idx, p.MinibatchIds, p.ScoresAfter);
            _counters.ProposalsAccepted++;
            GepaTelemetry.Acceptances.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
            Log.Accepted(_run.Logger, number, idx, oldSum, newSum, _state.MeanScore(idx));
            await _run.RaiseAsync(_cb.OnCandidateAccepted, new CandidateAcceptedArgs(number, idx, _state.MeanScore(idx), oldSum, newSum, parents, id));
            _onAccepted();
            outcome = IterationOutcome.Accepted;
        }

        return (outcome, accepted, validationSpend);
    }

    /// <summary>The proposals in two phases: every parent's minibatch, then every reflection and child. With one task, or
    /// when <see cref="GepaOptions.MaxConcurrentProposals"/> holds some tasks back, each phase runs at most that many
    /// tasks at a time.</summary>
    private async Task<(IReadOnlyList<string>?[] Components, Attempt[] Results)> InPhasesAsync(int number, IReadOnlyList<ProposalTask> tasks, List<List<TExample>> minibatches)
    {
        var befores = await ForEachAsync(tasks, (t, i) => _evaluator.EvaluateMinibatchAsync(t.Parent, t.ParentIndex, minibatches[i], t.MinibatchIds, number, $"candidate {t.ParentIndex}", i));
        var components = new IReadOnlyList<string>?[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            components[i] = await ChooseComponentsAsync(number, tasks[i], i, befores[i]);
        }

        var results = await ForEachAsync(tasks, (t, i) => components[i] is { } c ? ReflectAndScoreAsync(number, t, i, minibatches[i], befores[i], c, null) : Task.FromResult(Attempt.Skipped));
        return (components, results);
    }

    /// <summary>The proposals of an iteration without a barrier between the phases: every parent's minibatch starts at
    /// once, and each task goes on to its reflection and child as soon as its own parent is scored and the tasks before
    /// it have chosen their components, instead of waiting for the slowest parent (issue 17: wall time at the critical
    /// path). The choices are still made one task at a time in task order, on the same inputs, so the decisions are
    /// those of <see cref="InPhasesAsync"/>.</summary>
    private async Task<(IReadOnlyList<string>?[] Components, Attempt[] Results)> PipelineAsync(int number, IReadOnlyList<ProposalTask> tasks, List<List<TExample>> minibatches)
    {
        var parents = new Task<EvaluationBatch>[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            parents[i] = _evaluator.EvaluateMinibatchAsync(t.Parent, t.ParentIndex, minibatches[i], t.MinibatchIds, number, $"candidate {t.ParentIndex}", i);
        }

        // A child with the texts of another task's parent would share that parent's cache entries: it waits for that
        // parent's minibatch, so that a parent never reads what a child of its iteration wrote (as with the barrier).
        Task ParentsScored(Candidate child)
        {
            var same = new List<Task>();
            for (var j = 0; j < tasks.Count; j++)
            {
                if (tasks[j].Parent.Equals(child))
                {
                    same.Add(parents[j]);
                }
            }

            return same.Count == 0 ? Task.CompletedTask : Task.WhenAll(same);
        }

        var components = new IReadOnlyList<string>?[tasks.Count];
        var attempts = new Task<Attempt>[tasks.Count];
        var launched = 0;
        try
        {
            for (var i = 0; i < tasks.Count; i++)
            {
                var before = await parents[i];
                components[i] = await ChooseComponentsAsync(number, tasks[i], i, before);
                attempts[i] = components[i] is { } c ? ReflectAndScoreAsync(number, tasks[i], i, minibatches[i], before, c, ParentsScored) : Task.FromResult(Attempt.Skipped);
                launched = i + 1;
            }
        }
        catch (Exception)
        {
            // As with Task.WhenAll, nothing of an abandoned iteration runs on after it: the rest finishes first, then the
            // first failure in task order is the iteration's.
            await Task.WhenAll(parents.Cast<Task>().Concat(attempts.Take(launched))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        return (components, await Task.WhenAll(attempts));
    }

    /// <summary>One task's step that must be taken in task order: what the sampler learns from the parent's scores, the
    /// skip events, and the component choice (which moves round-robin pointers).</summary>
    /// <returns>The components to rewrite, or <see langword="null"/> when the task is skipped.</returns>
    private async Task<IReadOnlyList<string>?> ChooseComponentsAsync(int number, ProposalTask task, int i, EvaluationBatch before)
    {
        var parent = task.ParentIndex;
        (_sampler as ITrainScoreObserver)?.Record(parent, task.MinibatchIds, before.Scores);
        if (before.Traces is null || before.Traces.Count == 0)
        {
            await _run.RaiseAsync(_cb.OnEvaluationSkipped, new EvaluationSkippedArgs(number, parent, "no_trajectories", i));
            return null;
        }

        if (_o.SkipPerfectScore && before.Scores.All(s => s >= _o.PerfectScore))
        {
            await _run.RaiseAsync(_cb.OnEvaluationSkipped, new EvaluationSkippedArgs(number, parent, "all_scores_perfect", i));
            return null;
        }

        return _componentSelector.SelectComponents(_view, parent, task.Parent);
    }

    /// <summary>One task's concurrent part: the reflective dataset, the reflection calls and the child's score. With the
    /// pipeline, parentsScored is what the child waits for before its minibatch: the parents of the iteration with the
    /// same texts (see <see cref="PipelineAsync"/>).</summary>
    private async Task<Attempt> ReflectAndScoreAsync(int number, ProposalTask task, int id, List<TExample> minibatch, EvaluationBatch before, IReadOnlyList<string> components, Func<Candidate, Task>? parentsScored)
    {
        var (parent, parentCandidate, minibatchIds) = (task.ParentIndex, task.Parent, task.MinibatchIds);
        var dataset = await _run.Adapter.BuildReflectiveDatasetAsync(parentCandidate, minibatch, before, components, _run.CancellationToken);
        await _run.RaiseAsync(_cb.OnReflectiveDatasetBuilt, new ReflectiveDatasetBuiltArgs(number, parent, components, dataset, id));
        await _run.RaiseAsync(_cb.OnProposalStart, new ProposalStartArgs(number, parent, components, id));

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

            var prompt = ReflectionPrompt.Render(_reflection.TemplateFor(component), parentCandidate[component], records);
            var (text, reply, failure, exception) = await _reflection.ProposeAsync(prompt, number);
            if (failure is not null)
            {
                return Attempt.Skipped with { Failure = new FailedReflection(parent, component, failure, exception) };
            }

            newTexts[component] = text!;
            prompts[component] = prompt;
            replies[component] = reply!;
        }

        if (newTexts.Count == 0)
        {
            return Attempt.Skipped;
        }

        await _run.RaiseAsync(_cb.OnProposalEnd, new ProposalEndArgs(number, parent, newTexts, prompts, replies, id));
        var child = parentCandidate.With(newTexts);
        var oldSum = before.Scores.Sum();
        var produced = new Attempt(true, parent, oldSum, null, null, null, false);
        if (_o.DeduplicateCandidates && _state.IndexOf(child) is var twin and >= 0)
        {
            return produced with { Rejection = $"the proposal is identical to candidate {twin}, so it was not evaluated" };
        }

        if (parentsScored is not null)
        {
            await parentsScored(child).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var after = await _childEvaluation.EvaluateAsync(child, before, minibatch, minibatchIds, number, $"the child of candidate {parent}", id);

        if (after is null)
        {
            return produced with { Tried = true, Rejection = "the child is not ahead on the minibatch examples its parent failed, so it cannot be accepted; it was not scored on the others" };
        }

        return produced with { Proposal = new CandidateProposal(child, [parent], minibatchIds, before.Scores, after.Scores) };
    }

    /// <summary>Runs work for every task, at most <see cref="GepaOptions.MaxConcurrentProposals"/> at a time, and
    /// returns the results in task order.</summary>
    private async Task<T[]> ForEachAsync<T>(IReadOnlyList<ProposalTask> tasks, Func<ProposalTask, int, Task<T>> work)
    {
        if (tasks.Count == 1)
        {
            return [await work(tasks[0], 0)];
        }

        using var gate = new SemaphoreSlim(_o.MaxConcurrentProposals > 0 ? _o.MaxConcurrentProposals : tasks.Count);
        async Task<T> RunOne(ProposalTask task, int i)
        {
            await gate.WaitAsync(_run.CancellationToken);
            try
            {
                return await work(task, i);
            }
            finally
            {
                gate.Release();
            }
        }

        return await Task.WhenAll(tasks.Select(RunOne));
    }

    /// <summary>The iteration's outcome so far combined with a failure: a failure counts only when nothing else happened.</summary>
    private static IterationOutcome Worse(IterationOutcome current, IterationOutcome next) => current == IterationOutcome.Skipped ? next : current;

    /// <summary>A reflection that failed, with what the failure event reports.</summary>
    private sealed record FailedReflection(int Parent, string Component, string Reason, Exception? Exception);

    /// <summary>What one task's concurrent part came to.</summary>
    private sealed record Attempt(bool Produced, int Parent, double OldSum, CandidateProposal? Proposal, string? Rejection, FailedReflection? Failure, bool Tried)
    {
        public static Attempt Skipped { get; } = new(false, -1, 0, null, null, null, false);
    }
}
