namespace Gepa.Strategies;

/// <summary>p parents, n proposals from each: p x n proposals, each on its own minibatch.</summary>
/// <param name="p">The number of parents; at least 1.</param>
/// <param name="n">The number of proposals per parent; at least 1.</param>
public sealed class PxNSampling(int p, int n) : ISamplingStrategy
{
    /// <summary>Gets the number of parents.</summary>
    public int P { get; } = p >= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "The number of parents must be at least 1.");

    /// <summary>Gets the number of proposals per parent.</summary>
    public int N { get; } = n >= 1 ? n : throw new ArgumentOutOfRangeException(nameof(n), n, "The number of proposals per parent must be at least 1.");

    /// <inheritdoc/>
    public int MaxTasks => P * N;

    /// <inheritdoc/>
    public IReadOnlyList<ProposalTask> SampleTasks(IGepaStateView state, ICandidateSelector candidateSelector, IBatchSampler batchSampler)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(candidateSelector);
        ArgumentNullException.ThrowIfNull(batchSampler);
        var tasks = new List<ProposalTask>(P * N);
        for (var i = 0; i < P; i++)
        {
            var parent = candidateSelector.SelectCandidate(state);
            for (var t = 0; t < N; t++)
            {
                tasks.Add(new ProposalTask(parent, state.Candidates[parent], batchSampler.NextMinibatchIds(state, parent)));
            }
        }

        return tasks;
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"pxn({P},{N})");
}
