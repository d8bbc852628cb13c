namespace Gepa;

/// <summary>The adaptive policy's validation: an accepted candidate is raced against the leader in growing stages of
/// the validation set and stops as soon as it has clearly lost or clearly won; at the end of the run the leader, if
/// only partially evaluated, is fully evaluated.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="run">The run.</param>
/// <param name="evaluator">The run's rollout evaluator.</param>
/// <param name="budget">The run's budget.</param>
/// <param name="adaptive">The adaptive policy, whose state records the races.</param>
internal sealed class RacingValidation<TExample>(RunContext<TExample> run, RolloutEvaluator<TExample> evaluator, RolloutBudget budget, AdaptiveController adaptive) : IValidation
{
    private readonly GepaState _state = run.State;
    private readonly GepaCallbacks _cb = run.Callbacks;
    private readonly GepaOptions _o = run.Options;
    private readonly IReadOnlyList<TExample> _valset = run.Valset;
    private readonly RunContext<TExample> _run = run;

    /// <inheritdoc/>
    public int Reserve => adaptive.ValidationReserve(_valset.Count);

    /// <summary>The rollouts kept back so that the leader, if only partially evaluated, can be fully evaluated at the
    /// end of the run (0 unless racing).</summary>
    public int PromotionReserve
    {
        get
        {
            var leader = Leader(_state.SelectionScores());
            return _valset.Count - _state.ValSubscores[leader].Count;
        }
    }

    /// <summary>The leader's selection score for stop conditions, or <see langword="null"/> unless racing.</summary>
    public double? LeaderScore => _state.SelectionScores().Max();

    /// <summary>The candidate with the highest selection score (the first on ties): the one a new candidate must beat.</summary>
    private static int Leader(double[] scores) => ParetoSelection.ArgMax(scores);

    /// <summary>Scores a new candidate in racing stages against the leader and adds it to the pool with the scores it
    /// got. The race stops as soon as the candidate has clearly lost (it stays in the pool, partially evaluated, and
    /// keeps any front keys it won) or clearly won (it becomes the leader, partially evaluated). Only fully evaluated
    /// candidates can become the best.</summary>
    /// <param name="candidate">The new candidate.</param>
    /// <param name="parents">Its parents.</param>
    /// <param name="number">The iteration number.</param>
    /// <param name="known">Validation scores it already has (a merge's subsample), which the race does not pay for again.</param>
    /// <param name="proposal">The id of the proposal that made it, carried by its validation event.</param>
    public async Task<int> AddAsync(Candidate candidate, int[] parents, int number, IReadOnlyDictionary<int, double>? known, int? proposal)
    {
        var a = adaptive;
        var n = _valset.Count;
        var order = a.ValidationOrder;
        var discovery = _state.TotalMetricCalls;
        var frontBefore = _state.FrontMembers();
        var leader = Leader(_state.SelectionScores());
        var scores = known is null ? [] : new Dictionary<int, double>(known);
        var objectives = new Dictionary<int, IReadOnlyDictionary<string, double>>();
        var target = ValidationRace.FirstStageSize(a.Options, a.State.Movement, n);

        string outcome;
        RaceVerdict verdict;
        while (true)
        {
            var stage = order.Take(target).Where(id => !scores.ContainsKey(id)).ToList();

            // The challenger is compared with what the leader does, never with what its ancestors did: the leader is
            // scored first wherever it has not been. This comes out of the reserve a strict budget keeps back for
            // the leader's final full evaluation, which is what the reserve is below.
            await ExtendLeaderAsync(leader, scores.Keys.Concat(stage), number);
            var reserve = _valset.Count - _state.ValSubscores[leader].Count;
            var truncated = false;
            if (_o.StrictBudget && stage.Count > budget.Remaining - reserve)
            {
                // The budget is a hard cap: score what it still pays for and leave the candidate partial.
                stage = [.. stage.Take(Math.Max(budget.Remaining - reserve, 0))];
                truncated = true;
            }

            if (stage.Count > 0)
            {
                var (stageScores, stageObjectives) = await evaluator.EvaluateValidationAsync(candidate, stage, number, "a new candidate", "validation");
                foreach (var id in stage)
                {
                    scores[id] = stageScores[id];
                    if (stageObjectives.TryGetValue(id, out var o))
                    {
                        objectives[id] = o;
                    }
                }
            }

            verdict = ValidationRace.Judge(scores, _state.ValSubscores[leader], a.Options.LossConfidence, a.Options.WinConfidence);
            if (scores.Count >= n)
            {
                outcome = "fully evaluated";
                break;
            }

            if (truncated)
            {
                outcome = "stopped by the budget";
                break;
            }

            if (!verdict.CanStillWin)
            {
                outcome = "lost";
                break;
            }

            if (verdict.HasWon)
            {
                outcome = "won; full evaluation deferred";
                break;
            }

            // Further stages must be earned: a challenger not ahead after this many examples stops.
            if (scores.Count >= a.Options.TieLimit && verdict.Wins <= verdict.Losses)
            {
                outcome = "not ahead";
                break;
            }

            target = ValidationRace.NextStageSize(a.Options, Math.Max(target, scores.Count), n);
        }

        var ordered = scores.OrderBy(kv => kv.Key).ToDictionary();
        var orderedObjectives = objectives.Count == 0 ? null : objectives.OrderBy(kv => kv.Key).ToDictionary();
        var idx = _state.Add(candidate, parents, ordered, orderedObjectives, discovery);
        var full = _state.IsFullyEvaluated(idx);
        if (full)
        {
            _state.NumFullValEvals++;
        }

        a.RecordRace(verdict, _state.TotalMetricCalls - discovery, !full);
        Log.Raced(_run.Logger, number, idx, scores.Count, n, leader, verdict.Wins, verdict.Losses, outcome);
        await ReportValidationAsync(number, idx, frontBefore, proposal);
        return idx;
    }

    /// <summary>Scores the leader on the examples of a race it has not been scored on yet.</summary>
    private Task ExtendLeaderAsync(int leader, IEnumerable<int> ids, int number) =>
        ScoreFurtherAsync(leader, ids, number, $"candidate {leader} (the leader, on the race's examples)");

    /// <summary>Scores a pool candidate on the validation examples among <paramref name="ids"/> it has not been scored
    /// on, and reports its new scores; a candidate this completes counts as one more full evaluation.</summary>
    private async Task ScoreFurtherAsync(int k, IEnumerable<int> ids, int number, string what)
    {
        var missing = ids.Where(id => !_state.ValSubscores[k].ContainsKey(id)).Distinct().Order().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var frontBefore = _state.FrontMembers();
        var (more, objectives) = await evaluator.EvaluateValidationAsync(_state.Candidates[k], missing, number, what, "validation");
        _state.AddScores(k, more, objectives.Count == 0 ? null : objectives);
        if (_state.IsFullyEvaluated(k))
        {
            _state.NumFullValEvals++;
        }

        await ReportValidationAsync(number, k, frontBefore);
    }

    /// <summary>Raises the front and validation events for a candidate whose validation scores changed.</summary>
    private async Task ReportValidationAsync(int number, int idx, SortedSet<int> frontBefore, int? proposal = null)
    {
        GepaTelemetry.BestScore.Record(_state.MeanScore(_state.BestIndex()));
        var frontAfter = _state.FrontMembers();
        var displaced = frontBefore.Where(p => !frontAfter.Contains(p)).ToList();
        await _run.RaiseAsync(_cb.OnParetoFrontUpdated, new ParetoFrontUpdatedArgs(number, [.. frontAfter], displaced));
        await _run.RaiseAsync(_cb.OnValsetEvaluated, new ValsetEvaluatedArgs(number, idx, _state.MeanScore(idx), idx == _state.BestIndex(), _state.ValSubscores[idx], proposal));
    }

    /// <summary>At the end of a run, fully evaluates the partially evaluated candidate with the highest selection
    /// score that the budget can still pay for, so that the final best is chosen among full evaluations that
    /// include the run's leader.</summary>
    /// <returns>Whether anything was evaluated.</returns>
    public async Task<bool> FinishAsync()
    {
        // A full evaluation can show the leader was overrated; then the next one is promoted, while a strict budget
        // lasts. Without a strict budget (the reference's accounting, which may overshoot) only the leader is.
        var promoted = false;
        while (await PromoteOneAsync())
        {
            promoted = true;
            if (!_o.StrictBudget)
            {
                break;
            }
        }

        return promoted;
    }

    /// <summary>Fully evaluates the best-looking partially evaluated candidate the budget can pay for, unless the
    /// best-looking candidate is already fully evaluated.</summary>
    private async Task<bool> PromoteOneAsync()
    {
        var scores = _state.SelectionScores();
        foreach (var k in Enumerable.Range(0, _state.Count).OrderByDescending(k => scores[k]).ThenBy(k => k))
        {
            if (_state.IsFullyEvaluated(k))
            {
                return false; // the best-looking candidate is already fully evaluated
            }

            var missing = Enumerable.Range(0, _valset.Count).Where(id => !_state.ValSubscores[k].ContainsKey(id)).ToList();
            if (_o.StrictBudget && missing.Count > budget.Remaining)
            {
                continue;
            }

            await ScoreFurtherAsync(k, missing, _run.Iteration + 1, $"candidate {k} (final full evaluation)");
            Log.Promoted(_run.Logger, k, missing.Count, _state.MeanScore(k));
            return true;
        }

        return false;
    }
}
