namespace Gepa;

/// <summary>The focused minibatch's child evaluation: the examples the parent failed first and, only if the child is
/// ahead there, the rest; behind or level there, it cannot be accepted whatever it scores on the examples the parent
/// passed.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="evaluator">The run's rollout evaluator.</param>
/// <param name="adaptive">The adaptive policy, which counts early rejections.</param>
/// <param name="perfectScore">The score that counts as a pass.</param>
/// <param name="strict">Whether acceptance needs a strict improvement.</param>
internal sealed class FailuresFirstChildEvaluation<TExample>(RolloutEvaluator<TExample> evaluator, AdaptiveController adaptive, double perfectScore, bool strict) : IChildEvaluation<TExample>
{
    /// <inheritdoc/>
    public async Task<EvaluationBatch?> EvaluateAsync(Candidate child, EvaluationBatch parent, List<TExample> minibatch, IReadOnlyList<int> ids, int number, string what, int proposal)
    {
        var (failed, passed) = FocusedMinibatch.Split(parent.Scores, perfectScore);
        var first = failed.Count == 0 ? null : await evaluator.EvaluateMinibatchAsync(child, null, [.. failed.Select(j => minibatch[j])], [.. failed.Select(j => ids[j])], number, what, proposal);
        if (FocusedMinibatch.CannotBeAccepted(first?.Scores.Sum() ?? 0, failed.Sum(j => parent.Scores[j]), strict))
        {
            lock (adaptive)
            {
                adaptive.State.EarlyRejections++;
                adaptive.State.EarlyRejectionSavings += passed.Count;
            }

            return null;
        }

        var rest = passed.Count == 0 ? null : await evaluator.EvaluateMinibatchAsync(child, null, [.. passed.Select(j => minibatch[j])], [.. passed.Select(j => ids[j])], number, what, proposal);
        return RolloutEvaluator<TExample>.Interleave(ids.Count, (failed, first), (passed, rest));
    }
}
