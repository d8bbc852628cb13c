using System.Globalization;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>1 when the first number in the response equals the expected number within a tolerance, otherwise 0.</summary>
/// <remarks>
/// <para>A number is an optional sign (<c>-</c>, <c>+</c> or the Unicode minus <c>−</c>) followed by digits with optional
/// comma thousands separators in groups of three (<c>1,234,567</c>), an optional decimal part (<c>.5</c>) and an optional
/// exponent (<c>1e3</c>). So <c>"about $1,234.5 total"</c> gives 1234.5 and <c>"-3 degrees"</c> gives -3.</para>
/// <para>The expected answer must contain exactly one such number (<c>"$1,234"</c> and <c>"42%"</c> are fine,
/// <c>"3/4"</c> is not); otherwise scoring throws <see cref="ExampleEvaluationException"/>.</para>
/// <para>The response is correct when <c>|actual − expected| ≤ max(absoluteTolerance, relativeTolerance·|expected|)</c>.</para>
/// </remarks>
public sealed partial class NumericMatchMetric : IChatMetric
{
    private readonly double _absoluteTolerance;
    private readonly double _relativeTolerance;

    /// <summary>Initializes a new numeric metric.</summary>
    /// <param name="absoluteTolerance">The largest accepted absolute difference; default 1e-6.</param>
    /// <param name="relativeTolerance">The largest accepted difference as a fraction of the expected value; default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A tolerance is negative or not finite.</exception>
    public NumericMatchMetric(double absoluteTolerance = MetricConstants.DefaultAbsoluteTolerance, double relativeTolerance = MetricConstants.DefaultRelativeTolerance)
    {
        if (!double.IsFinite(absoluteTolerance) || absoluteTolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(absoluteTolerance), absoluteTolerance, "The absolute tolerance must be a finite number ≥ 0.");
        }

        if (!double.IsFinite(relativeTolerance) || relativeTolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The relative tolerance must be a finite number ≥ 0.");
        }

        _absoluteTolerance = absoluteTolerance;
        _relativeTolerance = relativeTolerance;
    }

    /// <inheritdoc/>
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var answer = MetricText.RequireAnswer(example, "numeric");
        var answerNumbers = NumberPattern().Matches(answer);
        if (answerNumbers.Count != 1)
        {
            throw new ExampleEvaluationException(example.Id, $"The answer {MetricText.Quote(answer)} of example '{example.Id}' must contain exactly one number for the numeric metric; it contains {answerNumbers.Count}.", null);
        }

        var expected = ToDouble(answerNumbers[0]);
        var first = NumberPattern().Match(response);
        if (!first.Success)
        {
            return ValueTask.FromResult(new MetricResult(0, $"The response contains no number written in digits; the expected answer is {MetricText.Number(expected)}."));
        }

        var actual = ToDouble(first);
        var allowed = Math.Max(_absoluteTolerance, _relativeTolerance * Math.Abs(expected));
        return ValueTask.FromResult(Math.Abs(actual - expected) <= allowed
            ? new MetricResult(1, $"The first number in the response, {MetricText.Number(actual)}, matches the expected answer {MetricText.Number(expected)}.")
            : new MetricResult(0, $"The first number in the response is {MetricText.Number(actual)}, but the expected answer is {MetricText.Number(expected)}. Put the final answer first, or make it the only number in the reply."));
    }

    /// <summary>Returns the first number in a text, as this metric reads it.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The number, or <see langword="null"/> when there is none.</returns>
    public static double? FirstNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = NumberPattern().Match(text);
        return match.Success ? ToDouble(match) : null;
    }

    private static double ToDouble(Match match)
    {
        var text = match.Groups["sign"].Value.Replace('\u2212', '-') + match.Groups["number"].Value.Replace(",", string.Empty, StringComparison.Ordinal) + match.Groups["exponent"].Value;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // Thousands groups are tried first and must be exactly three digits not followed by another digit, so "1,234" is one
    // number while "1,2345" falls back to plain digits ("1").
    [GeneratedRegex(@"(?<sign>[-+\u2212]?)(?<number>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)(?<exponent>[eE][-+]?\d+)?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberPattern();
}
