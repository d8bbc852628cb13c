namespace Gepa;

/// <summary>The reference's child evaluation: the whole minibatch at once.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="evaluator">The run's rollout evaluator.</param>
internal sealed class WholeMinibatchChildEvaluation<TExample>(RolloutEvaluator<TExample> evaluator) : IChildEvaluation<TExample>
{
    /// <inheritdoc/>
    public async Task<EvaluationBatch?> EvaluateAsync(Candidate child, EvaluationBatch parent, List<TExample> minibatch, IReadOnlyList<int> ids, int number, string what, int proposal) =>
        await evaluator.EvaluateMinibatchAsync(child, null, minibatch, ids, number, what, proposal);
}
