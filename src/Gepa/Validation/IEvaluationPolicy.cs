namespace Gepa.Strategies;

/// <summary>Chooses the validation examples an accepted candidate is scored on (the reference's
/// <c>EvaluationPolicy.get_eval_batch</c>); a candidate scored on part of the validation set stays partially
/// evaluated and cannot become the best until it is scored on all of it.</summary>
public interface IEvaluationPolicy
{
    /// <summary>Chooses validation examples for a new candidate.</summary>
    /// <param name="state">The run's state (the candidate is not in the pool yet).</param>
    /// <param name="candidate">The new candidate.</param>
    /// <returns>Indexes into the validation set; at least one.</returns>
    IReadOnlyList<int> GetEvalBatch(IGepaStateView state, Candidate candidate);
}
