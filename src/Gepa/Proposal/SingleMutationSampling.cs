namespace Gepa.Strategies;

/// <summary>The reference's default: one parent, one minibatch, one proposal per iteration.</summary>
public sealed class SingleMutationSampling : ISamplingStrategy
{
    /// <inheritdoc/>
    public int MaxTasks => 1;

    /// <inheritdoc/>
    public IReadOnlyList<ProposalTask> SampleTasks(IGepaStateView state, ICandidateSelector candidateSelector, IBatchSampler batchSampler)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(candidateSelector);
        ArgumentNullException.ThrowIfNull(batchSampler);
        var parent = candidateSelector.SelectCandidate(state);
        return [new ProposalTask(parent, state.Candidates[parent], batchSampler.NextMinibatchIds(state, parent))];
    }

    /// <inheritdoc/>
    public override string ToString() => "single";
}
