namespace Gepa;

/// <summary>Scores a model's response to a <see cref="ChatExample"/> and explains the score.</summary>
/// <remarks>
/// <para>Built-in metrics are created with <see cref="ChatMetrics"/>. A metric should be safe to call concurrently:
/// the adapter scores a batch in parallel.</para>
/// <para>Throw only when the metric cannot do its job (an example without the answer it needs, a judge reply that
/// cannot be read); a wrong response is a low score with feedback, not an exception.</para>
/// </remarks>
public interface IChatMetric
{
    /// <summary>Scores <paramref name="response"/> for <paramref name="example"/>.</summary>
    /// <param name="example">The example the response answers.</param>
    /// <param name="response">The model's reply text.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The score and feedback.</returns>
    ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken);
}
