using Gepa.Strategies;

namespace Gepa;

/// <summary>The reference's validation: an accepted candidate is scored on the whole validation set (cache hits are
/// free) before it joins the pool.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="run">The run.</param>
/// <param name="evaluator">The run's rollout evaluator.</param>
/// <param name="policy">A policy of the user's own choosing the examples, or <see langword="null"/> for all of them.</param>
/// <param name="view">The state view the policy reads.</param>
internal sealed class FullValidation<TExample>(RunContext<TExample> run, RolloutEvaluator<TExample> evaluator, IEvaluationPolicy? policy = null, IGepaStateView? view = null) : IValidation
{
    private readonly GepaState _state = run.State;
    private readonly GepaCallbacks _cb = run.Callbacks;
    private readonly IReadOnlyList<TExample> _valset = run.Valset;
    private readonly RunContext<TExample> _run = run;

    /// <inheritdoc/>
    public int Reserve => _valset.Count;

    /// <inheritdoc/>
    public int PromotionReserve => 0;

    /// <inheritdoc/>
    public double? LeaderScore => null;

    /// <inheritdoc/>
    public Task<bool> FinishAsync() => Task.FromResult(false);

    /// <inheritdoc/>
    public async Task<int> AddAsync(Candidate candidate, int[] parents, int number, IReadOnlyDictionary<int, double>? known, int? proposal)
    {
        var ids = policy is null ? Enumerable.Range(0, _valset.Count).ToList() : Checked(policy.GetEvalBatch(view!, candidate));
        var discovery = _state.TotalMetricCalls;
        var frontBefore = _state.FrontMembers();
        var (scores, objectives) = await evaluator.EvaluateValidationAsync(candidate, ids, number, "a new candidate", "validation");
        var ordered = ids.ToDictionary(k => k, k => scores[k]);
        var orderedObjectives = objectives.Count == 0 ? null : ids.Where(objectives.ContainsKey).ToDictionary(k => k, k => objectives[k]);
        var idx = _state.Add(candidate, parents, ordered, orderedObjectives, discovery);
        if (_state.IsFullyEvaluated(idx))
        {
            _state.NumFullValEvals++;
        }

        GepaTelemetry.BestScore.Record(_state.MeanScore(_state.BestIndex()));
        var frontAfter = _state.FrontMembers();
        var displaced = frontBefore.Where(p => !frontAfter.Contains(p)).ToList();
        await _run.RaiseAsync(_cb.OnParetoFrontUpdated, new ParetoFrontUpdatedArgs(number, [.. frontAfter], displaced));
        await _run.RaiseAsync(_cb.OnValsetEvaluated, new ValsetEvaluatedArgs(number, idx, _state.MeanScore(idx), idx == _state.BestIndex(), ordered, proposal));
        return idx;
    }

    /// <summary>The policy's examples, distinct and in order; an empty or out-of-range choice is the policy's bug.</summary>
    private List<int> Checked(IReadOnlyList<int> ids)
    {
        var chosen = ids.Distinct().Order().ToList();
        if (chosen.Count == 0 || chosen[0] < 0 || chosen[^1] >= _valset.Count)
        {
            throw new InvalidOperationException($"The evaluation policy {policy!.GetType().Name} chose [{string.Join(", ", ids)}]; it must choose at least one validation example between 0 and {_valset.Count - 1}.");
        }

        return chosen;
    }
}
