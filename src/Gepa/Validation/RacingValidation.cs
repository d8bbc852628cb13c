namespace Gepa.Strategies;

/// <summary>The adaptive policy's validation: an accepted candidate is raced against the leader in growing stages of
/// the validation set and stops as soon as it has clearly lost or clearly won; at the end of the run the leader, if
/// only partially evaluated, is fully evaluated.</summary>
/// <remarks>The race's record (the disagreement rate that sizes the first stage, the races run and stopped) is the
/// adaptive policy's checkpointed state, so this validation runs only in the engine with adaptive validation on
/// (<c>GepaOptions.Adaptive.AdaptiveValidation</c>, or <c>BudgetPolicy.Adaptive</c>), where it is the default.</remarks>
public sealed class RacingValidation : IValidation
{
    /// <inheritdoc/>
    public int Reserve(IValidationContext context) => Internal(context).Adaptive!.ValidationReserve(context.State.ValsetSize);

    /// <summary>The rollouts kept back so that the leader, if only partially evaluated, can be fully evaluated at the
    /// end of the run.</summary>
    /// <param name="context">The run.</param>
    /// <returns>The leader's missing validation examples.</returns>
    public int PromotionReserve(IValidationContext context)
    {
        var state = Internal(context).RunState;
        var leader = Leader(state.SelectionScores());
        return context.State.ValsetSize - state.ValSubscores[leader].Count;
    }

    /// <summary>The leader's selection score for stop conditions.</summary>
    /// <param name="context">The run.</param>
    /// <returns>The highest selection score.</returns>
    public double? LeaderScore(IValidationContext context) => Internal(context).RunState.SelectionScores().Max();

    /// <inheritdoc/>
    public override string ToString() => nameof(RacingValidation);

    /// <summary>The candidate with the highest selection score (the first on ties): the one a new candidate must beat.</summary>
    private static int Leader(double[] scores) => ParetoSelection.ArgMax(scores);

    /// <summary>The engine's side of the context: racing needs the adaptive policy's state.</summary>
    private static IInternalValidationContext Internal(IValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context is IInternalValidationContext { Adaptive.Racing: true } engine
            ? engine
            : throw new InvalidOperationException("RacingValidation keeps its record in the adaptive policy's state: use it with adaptive validation on (GepaOptions.Adaptive.AdaptiveValidation = true, or BudgetPolicy.Adaptive), inside the engine.");
    }

    /// <summary>Scores a new candidate in racing stages against the leader and adds it to the pool with the scores it
    /// got. The race stops as soon as the candidate has clearly lost (it stays in the pool, partially evaluated, and
    /// keeps any front keys it won) or clearly won (it becomes the leader, partially evaluated). Only fully evaluated
    /// candidates can become the best.</summary>
    /// <param name="context">The run, the iteration and the proposal that made the candidate.</param>
    /// <param name="candidate">The new candidate.</param>
    /// <param name="parents">Its parents.</param>
    /// <param name="known">Validation scores it already has (a merge's subsample), which the race does not pay for again.</param>
    /// <returns>Its index in the pool.</returns>
    public async Task<int> AddAsync(IValidationContext context, Candidate candidate, IReadOnlyList<int> parents, IReadOnlyDictionary<int, double>? known)
    {
        var engine = Internal(context);
        var a = engine.Adaptive!;
        var state = engine.RunState;
        var number = context.Iteration;
        var n = context.State.ValsetSize;
        var order = a.ValidationOrder;
        var discovery = state.TotalMetricCalls;
        var leader = Leader(state.SelectionScores());
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
            await ExtendLeaderAsync(context, leader, scores.Keys.Concat(stage));
            var reserve = n - state.ValSubscores[leader].Count;
            var truncated = false;
            if (context.StrictBudget && stage.Count > context.RemainingBudget - reserve)
            {
                // The budget is a hard cap: score what it still pays for and leave the candidate partial.
                stage = [.. stage.Take(Math.Max(context.RemainingBudget - reserve, 0))];
                truncated = true;
            }

            if (stage.Count > 0)
            {
                var (stageScores, stageObjectives) = await context.EvaluateAsync(candidate, stage, "a new candidate");
                foreach (var id in stage)
                {
                    scores[id] = stageScores[id];
                    if (stageObjectives is not null && stageObjectives.TryGetValue(id, out var o))
                    {
                        objectives[id] = o;
                    }
                }
            }

            verdict = ValidationRace.Judge(scores, state.ValSubscores[leader], a.Options.LossConfidence, a.Options.WinConfidence);
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
        // The race is recorded and logged before the candidate's events, as observers of both expect.
        var next = state.Count;
        a.RecordRace(verdict, state.TotalMetricCalls - discovery, ordered.Count < n);
        Log.Raced(engine.Logger, number, next, scores.Count, n, leader, verdict.Wins, verdict.Losses, outcome);
        var index = await context.AddCandidateAsync(candidate, parents, new ValidationScores(ordered, orderedObjectives), discovery);
        if (verdict.HasWon && ordered.Count < n && Leader(state.SelectionScores()) != index)
        {
            await ConfirmWinnerAsync(context, index);
        }

        return index;
    }

    /// <summary>Fully evaluates a challenger that beat the leader on the race's examples but does not rank first once
    /// added (as far as the budget pays, after what is kept back for the leader). A partially evaluated candidate's
    /// selection score fills its unscored examples from its parents, so a winner descended from weak, partially
    /// evaluated ancestors can rank below the leader it beat; deferring its full evaluation would leave it there, never
    /// raced against and never promoted at the end, and the run could end on a worse candidate (seen in a nearly
    /// saturated world: docs/robustness.md).</summary>
    private static async Task ConfirmWinnerAsync(IValidationContext context, int index)
    {
        var state = Internal(context).RunState;
        var n = context.State.ValsetSize;
        var missing = Enumerable.Range(0, n).Where(id => !state.ValSubscores[index].ContainsKey(id)).ToList();
        if (context.StrictBudget)
        {
            var leader = Leader(state.SelectionScores());
            var reserve = n - state.ValSubscores[leader].Count;
            missing = [.. missing.Take(Math.Max(context.RemainingBudget - reserve, 0))];
        }

        await ScoreFurtherAsync(context, index, missing, $"candidate {index} (it won its race but ranks below the leader)");
    }

    /// <summary>Scores the leader on the examples of a race it has not been scored on yet.</summary>
    private static Task ExtendLeaderAsync(IValidationContext context, int leader, IEnumerable<int> ids) =>
        ScoreFurtherAsync(context, leader, ids, $"candidate {leader} (the leader, on the race's examples)");

    /// <summary>Scores a pool candidate on the validation examples among <paramref name="ids"/> it has not been scored
    /// on, and reports its new scores; a candidate this completes counts as one more full evaluation.</summary>
    private static async Task ScoreFurtherAsync(IValidationContext context, int k, IEnumerable<int> ids, string what)
    {
        var state = Internal(context).RunState;
        var missing = ids.Where(id => !state.ValSubscores[k].ContainsKey(id)).Distinct().Order().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await context.AddScoresAsync(k, await context.EvaluateAsync(state.Candidates[k], missing, what));
    }

    /// <summary>At the end of a run, fully evaluates the partially evaluated candidate with the highest selection
    /// score that the budget can still pay for, so that the final best is chosen among full evaluations that
    /// include the run's leader.</summary>
    /// <param name="context">The run.</param>
    /// <returns>Whether anything was evaluated.</returns>
    public async Task<bool> FinishAsync(IValidationContext context)
    {
        // A full evaluation can show the leader was overrated; then the next one is promoted, while a strict budget
        // lasts. Without a strict budget (the reference's accounting, which may overshoot) only the leader is.
        var promoted = false;
        while (await PromoteOneAsync(context))
        {
            promoted = true;
            if (!context.StrictBudget)
            {
                break;
            }
        }

        return promoted;
    }

    /// <inheritdoc/>
    public bool HasWorkToFinish(IValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = Internal(context).RunState;
        var scores = state.SelectionScores();
        foreach (var k in Enumerable.Range(0, state.Count).OrderByDescending(k => scores[k]).ThenBy(k => k))
        {
            if (state.IsFullyEvaluated(k))
            {
                return false;
            }

            if (!context.StrictBudget || context.State.ValsetSize - state.ValSubscores[k].Count <= context.RemainingBudget)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fully evaluates the best-looking partially evaluated candidate the budget can pay for, unless the
    /// best-looking candidate is already fully evaluated.</summary>
    private static async Task<bool> PromoteOneAsync(IValidationContext context)
    {
        var engine = Internal(context);
        var state = engine.RunState;
        var scores = state.SelectionScores();
        foreach (var k in Enumerable.Range(0, state.Count).OrderByDescending(k => scores[k]).ThenBy(k => k))
        {
            if (state.IsFullyEvaluated(k))
            {
                return false; // the best-looking candidate is already fully evaluated
            }

            var missing = Enumerable.Range(0, context.State.ValsetSize).Where(id => !state.ValSubscores[k].ContainsKey(id)).ToList();
            if (context.StrictBudget && missing.Count > context.RemainingBudget)
            {
                continue;
            }

            await ScoreFurtherAsync(context, k, missing, $"candidate {k} (final full evaluation)");
            Log.Promoted(engine.Logger, k, missing.Count, state.MeanScore(k));
            return true;
        }

        return false;
    }
}
