namespace Gepa.Strategies;

/// <summary>Best-of-n on one parent: n proposals from the same parent, each on its own minibatch.</summary>
/// <param name="n">The number of proposals; at least 1.</param>
public sealed class SameParentSampling(int n) : ISamplingStrategy
{
    /// <summary>Gets the number of proposals.</summary>
    public int N { get; } = n >= 1 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "The number of proposals must be at least 1.");

    /// <inheritdoc/>
    public int MaxTasks => N;

    /// <inheritdoc/>
    public IReadOnlyList<ProposalTask> SampleTasks(IGepaStateView state, ICandidateSelector candidateSelector, IBatchSampler batchSampler)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(candidateSelector);
        ArgumentNullException.ThrowIfNull(batchSampler);
        var parent = candidateSelector.SelectCandidate(state);
        var tasks = new List<ProposalTask>(N);
        for (var t = 0; t < N; t++)
        {
            tasks.Add(new ProposalTask(parent, state.Candidates[parent], batchSampler.NextMinibatchIds(state, parent)));
        }

        return tasks;
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"same-parent({N})");
}
