using System.Text;

namespace Gepa;

/// <summary>1 when the response equals the expected answer after normalisation, otherwise 0.</summary>
/// <remarks>
/// Both texts are normalised the same way, in this order:
/// <list type="number">
/// <item>lower-cased with the invariant culture;</item>
/// <item>leading and trailing white space and surrounding punctuation removed, repeatedly, where punctuation means
/// <c>. , ; : ! ? ' " ` ( ) [ ] { } * _ …</c> and the typographic quotes <c>“ ” ‘ ’ « » ¿ ¡</c> (so <c>**"Paris."**</c>
/// becomes <c>paris</c>; signs, <c>%</c>, <c>#</c>, <c>$</c> and dashes are kept because they change meaning);</item>
/// <item>every run of white space inside collapsed to one space.</item>
/// </list>
/// </remarks>
public sealed class ExactMatchMetric : IChatMetric
{
    private const string SurroundingPunctuation = ".,;:!?'\"`()[]{}*_…“”‘’«»¿¡";

    /// <inheritdoc/>
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var answer = MetricText.RequireAnswer(example, "exact");
        var expected = Normalize(answer);
        var actual = Normalize(response);
        return ValueTask.FromResult(string.Equals(expected, actual, StringComparison.Ordinal)
            ? new MetricResult(1, $"The response matches the expected answer {MetricText.Quote(answer)} exactly.")
            : new MetricResult(0, $"The response does not exactly match the expected answer {MetricText.Quote(answer)}. The whole reply must be the answer and nothing else (case, surrounding punctuation and extra spaces are ignored); after normalising, the reply was {MetricText.Quote(actual)}."));
    }

    /// <summary>Normalises a text as documented on the class.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised text.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.ToLowerInvariant().AsSpan();
        var start = 0;
        var end = lowered.Length;
        while (start < end && IsStrippable(lowered[start]))
        {
            start++;
        }

        while (end > start && IsStrippable(lowered[end - 1]))
        {
            end--;
        }

        var sb = new StringBuilder(end - start);
        var pendingSpace = false;
        foreach (var c in lowered[start..end])
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsStrippable(char c) => char.IsWhiteSpace(c) || SurroundingPunctuation.Contains(c, StringComparison.Ordinal);
}
