namespace Gepa.Strategies;

/// <summary>The reference's validation: an accepted candidate is scored on the whole validation set (cache hits are
/// free), or on the examples an <see cref="IEvaluationPolicy"/> chooses, before it joins the pool.</summary>
/// <param name="policy">A policy choosing the examples, or <see langword="null"/> for all of them.</param>
public sealed class FullValidation(IEvaluationPolicy? policy = null) : IValidation
{
    /// <summary>Gets the policy choosing the examples, or <see langword="null"/> for all of them.</summary>
    public IEvaluationPolicy? Policy { get; } = policy is FullEvaluationPolicy ? null : policy;

    /// <inheritdoc/>
    public int Reserve(IValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.State.ValsetSize;
    }

    /// <inheritdoc/>
    public int PromotionReserve(IValidationContext context) => 0;

    /// <inheritdoc/>
    public double? LeaderScore(IValidationContext context) => null;

    /// <inheritdoc/>
    public Task<bool> FinishAsync(IValidationContext context) => Task.FromResult(false);

    /// <inheritdoc/>
    public bool HasWorkToFinish(IValidationContext context) => false;

    /// <inheritdoc/>
    public async Task<int> AddAsync(IValidationContext context, Candidate candidate, IReadOnlyList<int> parents, IReadOnlyDictionary<int, double>? known)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.State.ValsetSize;
        var ids = Policy is null ? Enumerable.Range(0, n).ToList() : Checked(Policy.GetEvalBatch(context.State, candidate), n);
        var discovery = context.State.TotalMetricCalls;
        var (scores, objectives) = await context.EvaluateAsync(candidate, ids, "a new candidate");
        var ordered = ids.ToDictionary(k => k, k => scores[k]);
        var orderedObjectives = objectives is not { Count: > 0 } o ? null : ids.Where(o.ContainsKey).ToDictionary(k => k, k => o[k]);
        return await context.AddCandidateAsync(candidate, parents, new ValidationScores(ordered, orderedObjectives), discovery);
    }

    /// <inheritdoc/>
    public override string ToString() => Policy is null ? nameof(FullValidation) : $"{nameof(FullValidation)}({Policy})";

    /// <summary>The policy's examples, distinct and in order; an empty or out-of-range choice is the policy's bug.</summary>
    private List<int> Checked(IReadOnlyList<int> ids, int n)
    {
        var chosen = ids.Distinct().Order().ToList();
        if (chosen.Count == 0 || chosen[0] < 0 || chosen[^1] >= n)
        {
            throw new InvalidOperationException($"The evaluation policy {Policy!.GetType().Name} chose [{string.Join(", ", ids)}]; it must choose at least one validation example between 0 and {n - 1}.");
        }

        return chosen;
    }
}
