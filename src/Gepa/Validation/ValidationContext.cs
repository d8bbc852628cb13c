using Gepa.Strategies;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>The engine's <see cref="IValidationContext"/> for one validation: it scores through the run's rollout
/// evaluator and adds to the pool with the events the engine has always raised (the front, then the validation).</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal sealed class ValidationContext<TExample>(RunContext<TExample> run, RolloutEvaluator<TExample> evaluator, RolloutBudget budget, IGepaStateView view, AdaptiveController? adaptive, int iteration, int? proposal)
    : IValidationContext, IInternalValidationContext
{
    private readonly GepaState _state = run.State;

    /// <inheritdoc/>
    public IGepaStateView State => view;

    /// <inheritdoc/>
    public int Iteration => iteration;

    /// <inheritdoc/>
    public int? ProposalId => proposal;

    /// <inheritdoc/>
    public int RemainingBudget => budget.Remaining;

    /// <inheritdoc/>
    public bool StrictBudget => run.Options.StrictBudget;

    /// <inheritdoc/>
    public AdaptiveController? Adaptive => adaptive;

    /// <inheritdoc/>
    public ILogger Logger => run.Logger;

    /// <inheritdoc/>
    public GepaState RunState => _state;

    /// <inheritdoc/>
    public async Task<ValidationScores> EvaluateAsync(Candidate candidate, IReadOnlyList<int> valIds, string purpose)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(valIds);
        if (valIds.Any(id => id < 0 || id >= run.Valset.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(valIds), $"Validation example indexes must be between 0 and {run.Valset.Count - 1}; got [{string.Join(", ", valIds)}].");
        }

        var (scores, objectives) = await evaluator.EvaluateValidationAsync(candidate, valIds, iteration, purpose, "validation");
        return new ValidationScores(scores, objectives);
    }

    /// <inheritdoc/>
    public async Task<int> AddCandidateAsync(Candidate candidate, IReadOnlyList<int> parents, ValidationScores scores, int discoveryEvalCount)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Scores.Count == 0)
        {
            throw new ArgumentException("A candidate joins the pool with a score on at least one validation example.", nameof(scores));
        }

        var frontBefore = _state.FrontMembers();
        var idx = _state.Add(candidate, [.. parents], scores.Scores, scores.Objectives is { Count: > 0 } o ? o : null, discoveryEvalCount);
        if (_state.IsFullyEvaluated(idx))
        {
            _state.NumFullValEvals++;
        }

        await ReportAsync(idx, frontBefore, proposal);
        return idx;
    }

    /// <inheritdoc/>
    public async Task AddScoresAsync(int index, ValidationScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _state.Count);
        var frontBefore = _state.FrontMembers();
        _state.AddScores(index, scores.Scores, scores.Objectives is { Count: > 0 } o ? o : null);
        if (_state.IsFullyEvaluated(index))
        {
            _state.NumFullValEvals++;
        }

        // Another candidate's scores (a race's leader) belong to no proposal.
        await ReportAsync(index, frontBefore, null);
    }

    /// <summary>Raises the front and validation events for a candidate whose validation scores changed.</summary>
    private async Task ReportAsync(int idx, SortedSet<int> frontBefore, int? proposalId)
    {
        GepaTelemetry.BestScore.Record(_state.MeanScore(_state.BestIndex()));
        var frontAfter = _state.FrontMembers();
        var displaced = frontBefore.Where(p => !frontAfter.Contains(p)).ToList();
        await run.RaiseAsync(run.Callbacks.OnParetoFrontUpdated, new ParetoFrontUpdatedArgs(iteration, [.. frontAfter], displaced));
        await run.RaiseAsync(run.Callbacks.OnValsetEvaluated, new ValsetEvaluatedArgs(iteration, idx, _state.MeanScore(idx), idx == _state.BestIndex(), _state.ValSubscores[idx], proposalId));
    }
}
