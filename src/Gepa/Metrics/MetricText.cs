using System.Globalization;

namespace Gepa;

/// <summary>Shared wording for metric feedback, so every metric names the expected answer the same way.</summary>
internal static class MetricText
{
    private const int MaxQuotedLength = 300;

    /// <summary>Quotes a value for feedback, shortening very long ones so feedback stays readable.</summary>
    public static string Quote(string value) =>
        "'" + (value.Length > MaxQuotedLength ? value[..MaxQuotedLength] + "…" : value) + "'";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Returns the example's answer, or throws naming the example and the metric that needed it.</summary>
    public static string RequireAnswer(ChatExample example, string metricName) =>
        example.Answer ?? throw new ExampleEvaluationException(
            example.Id,
            $"Example '{example.Id}' has no answer, but the {metricName} metric compares the response with one.",
            null);
}
