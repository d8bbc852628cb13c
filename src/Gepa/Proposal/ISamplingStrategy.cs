namespace Gepa.Strategies;

/// <summary>Chooses the (parent, minibatch) tasks of one iteration (the reference's <c>SamplingStrategy</c>); the
/// tasks' proposals are reflected on and evaluated concurrently.</summary>
/// <remarks>Every random draw happens here, in a fixed order, before anything runs concurrently, so a run's result
/// does not depend on how the proposals' work interleaves.</remarks>
public interface ISamplingStrategy
{
    /// <summary>Gets the most tasks one iteration can produce; the strict budget reserves for that many.</summary>
    int MaxTasks { get; }

    /// <summary>Chooses the tasks of the current iteration.</summary>
    /// <param name="state">The run's state.</param>
    /// <param name="candidateSelector">Chooses parents.</param>
    /// <param name="batchSampler">Chooses minibatches; repeated calls in one iteration return different minibatches.</param>
    /// <returns>The tasks, in the order their proposals are judged and added.</returns>
    IReadOnlyList<ProposalTask> SampleTasks(IGepaStateView state, ICandidateSelector candidateSelector, IBatchSampler batchSampler);
}
