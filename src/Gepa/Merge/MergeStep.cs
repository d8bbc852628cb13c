using System.Globalization;
using Gepa.Strategies;

namespace Gepa;

/// <summary>The merge step of an iteration (§2.12): when the trigger says a merge is due, build the merged candidate,
/// score it on a subsample where its parents differ, and validate it if it is at least as good as the better parent.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal sealed class MergeStep<TExample> : ICheckpointSlice
{
    // A merge is its iteration's only proposal: a tried merge ends the iteration.
    private const int MergeProposal = 0;

    private readonly RunContext<TExample> _run;
    private readonly GepaOptions _o;
    private readonly GepaCallbacks _cb;
    private readonly GepaState _state;
    private readonly RunCounters _counters;
    private readonly RolloutEvaluator<TExample> _evaluator;
    private readonly MergeProposer _merge;
    private readonly MergeSchedule _schedule;
    private readonly IMergeTrigger _trigger;
    private readonly Func<Candidate, int[], int, IReadOnlyDictionary<int, double>?, int?, Task<int>> _validate;
    private readonly Action<int>? _recordRollouts;
    private readonly IGepaStateView _view;
    private readonly AdaptiveController? _adaptive;

    public MergeStep(
        RunContext<TExample> run,
        RolloutEvaluator<TExample> evaluator,
        MergeProposer merge,
        MergeSchedule schedule,
        IMergeTrigger trigger,
        Func<Candidate, int[], int, IReadOnlyDictionary<int, double>?, int?, Task<int>> validate,
        Action<int>? recordRollouts,
        IGepaStateView view,
        AdaptiveController? adaptive)
    {
        _view = view;
        _adaptive = adaptive;
        _run = run;
        _o = run.Options;
        _cb = run.Callbacks;
        _state = run.State;
        _counters = run.Counters;
        _evaluator = evaluator;
        _merge = merge;
        _schedule = schedule;
        _trigger = trigger;
        _validate = validate;
        _recordRollouts = recordRollouts;
    }

    /// <summary>Gets the most rollouts this step spends in the coming iteration: a subsample when a merge is due.</summary>
    /// <remarks>Asked before the coming iteration starts, so the trigger sees that iteration's number (the last one
    /// started is <c>Iteration + 1</c>).</remarks>
    public int WorstCase => _trigger.IsDue(Context(_run.Iteration + 2)) ? GepaConstants.DefaultMergeSubsampleSize : 0;

    /// <summary>Gets the trigger.</summary>
    public IMergeTrigger Trigger => _trigger;

    /// <summary>Gets the schedule's counters, for the result.</summary>
    public MergeSchedule Schedule => _schedule;

    /// <summary>Tries a merge when one is due.</summary>
    /// <param name="number">The iteration number.</param>
    /// <returns>The iteration's outcome when a merge was tried, or <see langword="null"/> to go on with a reflective
    /// proposal.</returns>
    public async Task<IterationOutcome?> TryAsync(int number)
    {
        var context = Context(number);
        if (_trigger.IsDue(context))
        {
            var plan = Checked(_trigger.Propose(context));
            _schedule.LastIterationFoundNewProgram = false;
            if (plan is not null)
            {
                var spentBeforeMerge = _state.TotalMetricCalls;
                var outcome = await RunAsync(number, plan);
                _recordRollouts?.Invoke(_state.TotalMetricCalls - spentBeforeMerge);
                if (outcome is { } merged)
                {
                    return merged;
                }
            }
        }

        if (_o.UseMerge)
        {
            _schedule.LastIterationFoundNewProgram = false;
        }

        return null;
    }

    /// <summary>The trigger's context for an iteration.</summary>
    private MergeContext Context(int number) => new(_view, _state, _schedule, _merge, _adaptive, _run.Logger, number);

    /// <summary>A plan of a trigger of the user's own must name pool candidates.</summary>
    private MergePlan? Checked(MergePlan? plan)
    {
        if (plan is null)
        {
            return null;
        }

        var n = _state.Count;
        if (plan.I == plan.J || new[] { plan.I, plan.J, plan.Ancestor }.Any(k => k < 0 || k >= n))
        {
            throw new InvalidOperationException($"The merge trigger {_trigger.GetType().Name} proposed merging candidates {plan.I} and {plan.J} over ancestor {plan.Ancestor}; they must be two different candidates of the pool (0 to {n - 1}).");
        }

        return plan;
    }

    /// <summary>Records an accepted reflective proposal with the schedule.</summary>
    public void OnMutationAccepted() => _schedule.OnMutationAccepted();

    /// <inheritdoc/>
    public void SaveTo(GepaCheckpoint checkpoint)
    {
        _schedule.SaveTo(checkpoint);
        checkpoint.MergedTriplets = [.. _merge.MergedTriplets.Select(t => new[] { t.I, t.J, t.A })];
        checkpoint.MergedDescendants = [.. _merge.MergedDescendants.Select(d => $"{d.I}|{d.J}|{d.Desc}")];
    }

    /// <inheritdoc/>
    public void RestoreFrom(GepaCheckpoint checkpoint)
    {
        _schedule.RestoreFrom(checkpoint);
        _merge.Restore(
            checkpoint.MergedTriplets.Select(t => (t[0], t[1], t[2])),
            checkpoint.MergedDescendants.Select(d => d.Split('|')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), p[2])));
    }

    private async Task<IterationOutcome?> RunAsync(int number, MergePlan plan)
    {
        var ids = _merge.SelectSubsample(plan.I, plan.J, GepaConstants.DefaultMergeSubsampleSize);
        if (ids.Count == 0)
        {
            return null;
        }

        _schedule.Attempted++;
        GepaTelemetry.Proposals.Add(1, new KeyValuePair<string, object?>("kind", "merge"));
        var parents = new[] { plan.I, plan.J };
        if (_o.DeduplicateCandidates && _state.IndexOf(plan.Merged) >= 0)
        {
            await _run.RaiseAsync(_cb.OnMergeRejected, new MergeRejectedArgs(number, parents, double.NaN, double.NaN, MergeProposal));
            _schedule.OnMergeRejected();
            return IterationOutcome.Rejected;
        }

        var (mergedScores, _) = await _evaluator.EvaluateValidationAsync(plan.Merged, ids, number, $"the merge of candidates {plan.I} and {plan.J}", "merge");
        await _run.RaiseAsync(_cb.OnMergeAttempted, new MergeAttemptedArgs(number, parents, plan.Ancestor, plan.Merged, MergeProposal));
        var sumI = ids.Sum(k => _state.ValSubscores[plan.I][k]);
        var sumJ = ids.Sum(k => _state.ValSubscores[plan.J][k]);
        var sumMerged = ids.Sum(k => mergedScores[k]);
        var bestParent = Math.Max(sumI, sumJ);
        _counters.ConsecutiveFailures = 0;
        _counters.FailureCauses.Clear();
        if (sumMerged >= bestParent)
        {
            Log.Merge(_run.Logger, number, plan.I, plan.J, plan.Ancestor, sumMerged, bestParent, "accepted");
            var idx = await _validate(plan.Merged, parents, number, mergedScores, MergeProposal);
            _schedule.OnMergeAccepted();
            GepaTelemetry.Acceptances.Add(1, new KeyValuePair<string, object?>("kind", "merge"));
            await _run.RaiseAsync(_cb.OnMergeAccepted, new MergeAcceptedArgs(number, idx, parents, MergeProposal));
            await _run.RaiseAsync(_cb.OnCandidateAccepted, new CandidateAcceptedArgs(number, idx, _state.MeanScore(idx), bestParent, sumMerged, parents, MergeProposal));
            return IterationOutcome.Accepted;
        }

        Log.Merge(_run.Logger, number, plan.I, plan.J, plan.Ancestor, sumMerged, bestParent, "rejected");
        _schedule.OnMergeRejected();

        await _run.RaiseAsync(_cb.OnMergeRejected, new MergeRejectedArgs(number, parents, bestParent, sumMerged, MergeProposal));
        return IterationOutcome.Rejected;
    }
}
