using Gepa.Strategies;

namespace Gepa;

/// <summary>The reference's reflective mutation (§2.7–§2.10): select a parent and a minibatch, score the parent with
/// traces, build the reflective dataset, ask the reflection model for new texts of the chosen components, score the
/// child on the same minibatch, and send it to validation if the acceptance criterion takes it.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal sealed class ReflectiveMutationProposer<TExample>
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
    private readonly Func<Candidate, int[], int, IReadOnlyDictionary<int, double>?, Task<int>> _validate;
    private readonly Action _onAccepted;

    public ReflectiveMutationProposer(
        RunContext<TExample> run,
        IGepaStateView view,
        ICandidateSelector candidateSelector,
        IBatchSampler sampler,
        IComponentSelector componentSelector,
        RolloutEvaluator<TExample> evaluator,
        IChildEvaluation<TExample> childEvaluation,
        IAcceptanceCriterion acceptance,
        Func<Candidate, int[], int, IReadOnlyDictionary<int, double>?, Task<int>> validate,
        Action onAccepted)
    {
        _run = run;
        _o = run.Options;
        _cb = run.Callbacks;
        _state = run.State;
        _counters = run.Counters;
        _trainset = run.Trainset;
        _view = view;
        _candidateSelector = candidateSelector;
        _sampler = sampler;
        _componentSelector = componentSelector;
        _evaluator = evaluator;
        _reflection = new ReflectionCaller<TExample>(run);
        _childEvaluation = childEvaluation;
        _acceptance = acceptance;
        _validate = validate;
        _onAccepted = onAccepted;
    }

    /// <summary>Gets the most rollouts one proposal spends: the parent's and the child's minibatch.</summary>
    public int WorstCase => 2 * AdaptiveController.MinibatchSize(_o);

    /// <summary>Gets the component selector, which may learn from outcomes.</summary>
    public IComponentSelector ComponentSelector => _componentSelector;

    /// <summary>Gets the batch sampler, which may keep a checkpoint slice.</summary>
    public IBatchSampler Sampler => _sampler;

    /// <summary>Runs one reflective proposal.</summary>
    public async Task<IterationOutcome> ProposeAsync(int number)
    {
        var scores = _state.SelectionScores(); // the means (lineage-completed for partially evaluated candidates)
        var parent = _candidateSelector.SelectCandidate(_view);
        var minibatchIds = _sampler.NextMinibatchIds(_view, parent);
        await _run.RaiseAsync(_cb.OnCandidateSelected, new CandidateSelectedArgs(number, parent, scores[parent]));
        await _run.RaiseAsync(_cb.OnMinibatchSampled, new MinibatchSampledArgs(number, minibatchIds));

        var parentCandidate = _state.Candidates[parent];
        var minibatch = minibatchIds.Select(k => _trainset[k]).ToList();
        var before = await _evaluator.EvaluateMinibatchAsync(parentCandidate, parent, minibatch, minibatchIds, number, $"candidate {parent}");
        (_sampler as ITrainScoreObserver)?.Record(parent, minibatchIds, before.Scores);

        if (before.Traces is null || before.Traces.Count == 0)
        {
            await _run.RaiseAsync(_cb.OnEvaluationSkipped, new EvaluationSkippedArgs(number, parent, "no_trajectories"));
            return IterationOutcome.Skipped;
        }

        if (_o.SkipPerfectScore && before.Scores.All(s => s >= _o.PerfectScore))
        {
            await _run.RaiseAsync(_cb.OnEvaluationSkipped, new EvaluationSkippedArgs(number, parent, "all_scores_perfect"));
            return IterationOutcome.Skipped;
        }

        var components = _componentSelector.SelectComponents(_view, parent, parentCandidate);
        var dataset = await _run.Adapter.BuildReflectiveDatasetAsync(parentCandidate, minibatch, before, components, _run.CancellationToken);
        await _run.RaiseAsync(_cb.OnReflectiveDatasetBuilt, new ReflectiveDatasetBuiltArgs(number, parent, components, dataset));
        await _run.RaiseAsync(_cb.OnProposalStart, new ProposalStartArgs(number, parent, components));

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
                _counters.FailedProposals++;
                _counters.ConsecutiveFailures++;
                _counters.FailureCauses.Add(failure);
                Log.ProposalFailed(_run.Logger, number, component, failure, exception);
                await _run.RaiseAsync(_cb.OnProposalFailed, new ProposalFailedArgs(number, parent, component, failure, exception));
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

        _counters.ConsecutiveFailures = 0;
        _counters.FailureCauses.Clear();
        await _run.RaiseAsync(_cb.OnProposalEnd, new ProposalEndArgs(number, parent, newTexts, prompts, replies));
        var child = parentCandidate.With(newTexts);
        var oldSum = before.Scores.Sum();
        if (_o.DeduplicateCandidates && _state.IndexOf(child) is var twin and >= 0)
        {
            var same = $"the proposal is identical to candidate {twin}, so it was not evaluated";
            Log.Rejected(_run.Logger, number, parent, oldSum, double.NaN);
            await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, double.NaN, same));
            return IterationOutcome.Rejected;
        }

        var after = await _childEvaluation.EvaluateAsync(child, before, minibatch, minibatchIds, number, $"the child of candidate {parent}");
        _counters.ProposalsTried++;
        GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
        if (after is null)
        {
            const string hopeless = "the child is not ahead on the minibatch examples its parent failed, so it cannot be accepted; it was not scored on the others";
            Log.Rejected(_run.Logger, number, parent, oldSum, double.NaN);
            await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, double.NaN, hopeless));
            return IterationOutcome.Rejected;
        }

        var newSum = after.Scores.Sum();
        if (!_acceptance.ShouldAccept(before.Scores, after.Scores))
        {
            Log.Rejected(_run.Logger, number, parent, oldSum, newSum);
            var why = _acceptance is IExplainsRejection explains
                ? explains.Why(oldSum, newSum)
                : $"the acceptance criterion {_acceptance.GetType().Name} rejected minibatch score {newSum} against the parent's {oldSum}";
            await _run.RaiseAsync(_cb.OnCandidateRejected, new CandidateRejectedArgs(number, oldSum, newSum, why));
            return IterationOutcome.Rejected;
        }

        var idx = await _validate(child, [parent], number, null);
        (_sampler as ITrainScoreObserver)?.Record(idx, minibatchIds, after.Scores);
        _counters.ProposalsAccepted++;
        GepaTelemetry.Acceptances.Add(1, new KeyValuePair<string, object?>("kind", "mutation"));
        Log.Accepted(_run.Logger, number, idx, oldSum, newSum, _state.MeanScore(idx));
        await _run.RaiseAsync(_cb.OnCandidateAccepted, new CandidateAcceptedArgs(number, idx, newSum, [parent]));
        _onAccepted();

        return IterationOutcome.Accepted;
    }
}
