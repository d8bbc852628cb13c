using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Creates the built-in <see cref="IChatMetric"/>s and wraps user functions as metrics.</summary>
public static class ChatMetrics
{
    /// <summary>The reference's default: 1 when the expected answer occurs in the response (<c>contains</c>).</summary>
    /// <param name="ignoreCase">Whether to ignore case. Default <see langword="false"/>, as the reference.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric Contains(bool ignoreCase = false) => new ContainsMetric(ignoreCase);

    /// <summary>1 when the whole response equals the answer after normalisation (<c>exact</c>); see <see cref="ExactMatchMetric"/>.</summary>
    /// <returns>The metric.</returns>
    public static IChatMetric Exact() => new ExactMatchMetric();

    /// <summary>1 when the response matches a pattern, or each example's answer read as a pattern (<c>regex</c>).</summary>
    /// <param name="pattern">The pattern, or <see langword="null"/> to use each answer as the pattern.</param>
    /// <param name="options">Regex options.</param>
    /// <param name="timeout">The match timeout; default 1 second.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric Regex(string? pattern = null, RegexOptions options = RegexOptions.None, TimeSpan? timeout = null) =>
        new RegexMetric(pattern, options, timeout);

    /// <summary>1 when the first number in the response equals the answer within a tolerance (<c>numeric</c>).</summary>
    /// <param name="absoluteTolerance">The largest accepted absolute difference; default 1e-6.</param>
    /// <param name="relativeTolerance">The largest accepted difference relative to the answer; default 0.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric Numeric(double absoluteTolerance = MetricConstants.DefaultAbsoluteTolerance, double relativeTolerance = MetricConstants.DefaultRelativeTolerance) =>
        new NumericMatchMetric(absoluteTolerance, relativeTolerance);

    /// <summary>SQuAD token F1 between the response and the answer (<c>f1</c>).</summary>
    /// <returns>The metric.</returns>
    public static IChatMetric F1() => new TokenF1Metric();

    /// <summary>1 when a field of the JSON reply equals the expected value (<c>json-field</c>).</summary>
    /// <param name="fieldPath">The dot-separated field path, for example <c>result.label</c>.</param>
    /// <param name="expectedField">The example field holding the expected value, or <see langword="null"/> for the answer.</param>
    /// <param name="ignoreCase">Whether string values are compared ignoring case.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric JsonField(string fieldPath, string? expectedField = null, bool ignoreCase = true) =>
        new JsonFieldMetric(fieldPath, expectedField, ignoreCase);

    /// <summary>A judge model scores the response in [0, 1] and explains why (<c>llm-judge</c>).</summary>
    /// <param name="judge">The judge model.</param>
    /// <param name="promptTemplate">The template with <c>{input}</c>, <c>{answer}</c>, <c>{response}</c>, <c>{context}</c>; a default when <see langword="null"/>.</param>
    /// <param name="options">Options for the judge calls.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric LlmJudge(IChatClient judge, string? promptTemplate = null, ChatOptions? options = null) =>
        new LlmJudgeMetric(judge, promptTemplate, options);

    /// <summary>Wraps a synchronous function as a metric.</summary>
    /// <param name="score">Scores a response for an example.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric FromDelegate(Func<ChatExample, string, MetricResult> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateChatMetric((example, response, _) => ValueTask.FromResult(score(example, response)));
    }

    /// <summary>Wraps an asynchronous function as a metric.</summary>
    /// <param name="score">Scores a response for an example.</param>
    /// <returns>The metric.</returns>
    public static IChatMetric FromDelegate(Func<ChatExample, string, CancellationToken, ValueTask<MetricResult>> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateChatMetric(score);
    }
}
