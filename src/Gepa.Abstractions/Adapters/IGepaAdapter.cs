namespace Gepa;

/// <summary>The system being optimized: runs a candidate on examples and explains the results for reflection.</summary>
/// <typeparam name="TExample">The type of one task example (an input with whatever the metric needs).</typeparam>
/// <remarks>
/// <para>Implementations should not throw for a failure on one example: score it (usually 0) and put the error in
/// its trace, so that reflection can learn from it. An exception fails the run unless the engine is told to score
/// it as a failed example.</para>
/// <para>The engine may call <see cref="EvaluateAsync"/> concurrently when evaluating several candidates.</para>
/// </remarks>
public interface IGepaAdapter<TExample>
{
    /// <summary>Runs <paramref name="candidate"/> on every example of <paramref name="batch"/> and scores it.</summary>
    /// <param name="batch">The examples, in order; the result is parallel to it.</param>
    /// <param name="candidate">The candidate to run.</param>
    /// <param name="captureTraces">Whether to record per-example traces for reflection.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Scores, outputs and (when asked) traces, one per example.</returns>
    ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<TExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken);

    /// <summary>Builds, for each requested component, the records the reflection model reads.</summary>
    /// <param name="candidate">The candidate that was evaluated.</param>
    /// <param name="batch">The examples it was evaluated on.</param>
    /// <param name="evaluation">The evaluation, with traces.</param>
    /// <param name="components">The components to build records for.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The records per component; a component with no records is skipped without a model call.</returns>
    ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<TExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken);
}
