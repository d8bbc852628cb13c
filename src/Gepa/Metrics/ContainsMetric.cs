namespace Gepa;

/// <summary>The reference's default metric: 1 when the expected answer occurs in the response, otherwise the failure score.</summary>
/// <remarks>Matches Python's <c>answer in response</c> (ordinal) unless <c>ignoreCase</c> is set. The feedback names the
/// expected answer and, on failure, includes the example's context, as the reference's <c>ContainsAnswerEvaluator</c> does.</remarks>
public sealed class ContainsMetric : IChatMetric
{
    private readonly StringComparison _comparison;
    private readonly double _failureScore;

    /// <summary>Initializes a new contains metric.</summary>
    /// <param name="ignoreCase">Whether to compare ignoring case (ordinal, invariant). Default <see langword="false"/>, as the reference.</param>
    /// <param name="failureScore">The score when the answer is absent. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failureScore"/> is not a finite number.</exception>
    public ContainsMetric(bool ignoreCase = false, double failureScore = 0)
    {
        if (!double.IsFinite(failureScore))
        {
            throw new ArgumentOutOfRangeException(nameof(failureScore), failureScore, "The failure score must be a finite number.");
        }

        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _failureScore = failureScore;
    }

    /// <inheritdoc/>
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var answer = MetricText.RequireAnswer(example, "contains");
        if (response.Contains(answer, _comparison))
        {
            return ValueTask.FromResult(new MetricResult(1, $"The generated response is correct. The response includes the correct answer {MetricText.Quote(answer)}."));
        }

        var feedback = $"The generated response is incorrect. The correct answer is {MetricText.Quote(answer)}. Ensure that the correct answer is included in the response exactly as it is.";
        if (!string.IsNullOrWhiteSpace(example.Context))
        {
            feedback += $" Here is some additional context that might be helpful:\n{example.Context}";
        }

        return ValueTask.FromResult(new MetricResult(_failureScore, feedback));
    }
}
