namespace Gepa;

/// <summary>How a child is scored on its parent's minibatch.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
internal interface IChildEvaluation<TExample>
{
    /// <summary>Scores the child on the minibatch.</summary>
    /// <returns>Its scores in minibatch order, or <see langword="null"/> when it was stopped because it cannot be accepted.</returns>
    Task<EvaluationBatch?> EvaluateAsync(Candidate child, EvaluationBatch parent, List<TExample> minibatch, IReadOnlyList<int> ids, int number, string what, int proposal);
}
