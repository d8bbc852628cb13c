namespace Gepa;

/// <summary>A metric backed by a user's function; see <see cref="ChatMetrics.FromDelegate(Func{ChatExample, string, MetricResult})"/>.</summary>
internal sealed class DelegateChatMetric(Func<ChatExample, string, CancellationToken, ValueTask<MetricResult>> score) : IChatMetric
{
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        return score(example, response, cancellationToken);
    }
}
