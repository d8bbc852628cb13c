namespace Gepa.Strategies;

/// <summary>What a custom proposer can use: the state, and evaluation on training examples through the run's cache and
/// budget.</summary>
public interface IProposerContext
{
    /// <summary>Gets the run's state.</summary>
    IGepaStateView State { get; }

    /// <summary>Gets the run's candidate selector.</summary>
    ICandidateSelector CandidateSelector { get; }

    /// <summary>Gets the run's batch sampler.</summary>
    IBatchSampler BatchSampler { get; }

    /// <summary>Scores a candidate on training examples with traces; the rollouts are counted against the budget.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="trainIds">Indexes into the training set.</param>
    /// <returns>The scores, outputs and traces, in the order of <paramref name="trainIds"/>.</returns>
    Task<EvaluationBatch> EvaluateAsync(Candidate candidate, IReadOnlyList<int> trainIds);
}
