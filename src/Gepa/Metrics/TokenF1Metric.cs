using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>Token-level F1 between the response and the expected answer, as the SQuAD evaluation script computes it.</summary>
/// <remarks>
/// Both texts are normalised as SQuAD's <c>normalize_answer</c>: lower-cased, ASCII punctuation
/// (<c>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>) removed, the articles <c>a</c>, <c>an</c>, <c>the</c> removed, then split
/// on white space. F1 = 2·P·R/(P+R) with P and R counted over the multiset of shared tokens; when either side has no
/// tokens the score is 1 if both are empty, else 0 (SQuAD 2.0).
/// </remarks>
public sealed partial class TokenF1Metric : IChatMetric
{
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private const int MaxListedTokens = 20;

    /// <inheritdoc/>
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var answer = MetricText.RequireAnswer(example, "f1");
        var expected = Tokenize(answer);
        var actual = Tokenize(response);
        var score = F1(actual, expected);
        if (score >= 1)
        {
            return ValueTask.FromResult(new MetricResult(1, $"The response has exactly the words of the expected answer {MetricText.Quote(answer)}."));
        }

        var missing = MultisetDifference(expected, actual);
        var extra = MultisetDifference(actual, expected);
        var feedback = new StringBuilder($"Token F1 is {score.ToString("0.###", CultureInfo.InvariantCulture)} against the expected answer {MetricText.Quote(answer)}.");
        if (missing.Count > 0)
        {
            feedback.Append(CultureInfo.InvariantCulture, $" Missing words: {List(missing)}.");
        }

        if (extra.Count > 0)
        {
            feedback.Append(CultureInfo.InvariantCulture, $" Extra words: {List(extra)}.");
        }

        return ValueTask.FromResult(new MetricResult(score, feedback.ToString()));
    }

    /// <summary>Normalises and splits a text as SQuAD does.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The tokens.</returns>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.ToLowerInvariant();
        var withoutPunctuation = new StringBuilder(lowered.Length);
        foreach (var c in lowered)
        {
            if (!AsciiPunctuation.Contains(c, StringComparison.Ordinal))
            {
                withoutPunctuation.Append(c);
            }
        }

        var withoutArticles = Articles().Replace(withoutPunctuation.ToString(), " ");
        return withoutArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Computes SQuAD token F1 between two token lists.</summary>
    /// <param name="predicted">The response tokens.</param>
    /// <param name="gold">The expected-answer tokens.</param>
    /// <returns>The F1 score in [0, 1].</returns>
    public static double F1(IReadOnlyList<string> predicted, IReadOnlyList<string> gold)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        if (predicted.Count == 0 || gold.Count == 0)
        {
            return predicted.Count == gold.Count ? 1 : 0;
        }

        var common = gold.Count - MultisetDifference(gold, predicted).Count;
        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / predicted.Count;
        var recall = (double)common / gold.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>The tokens of <paramref name="left"/> not matched one-for-one by tokens of <paramref name="right"/>, in order.</summary>
    private static List<string> MultisetDifference(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        var available = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in right)
        {
            available[token] = available.GetValueOrDefault(token) + 1;
        }

        var result = new List<string>();
        foreach (var token in left)
        {
            if (available.GetValueOrDefault(token) > 0)
            {
                available[token]--;
            }
            else
            {
                result.Add(token);
            }
        }

        return result;
    }

    private static string List(List<string> tokens) =>
        string.Join(", ", tokens.Take(MaxListedTokens)) + (tokens.Count > MaxListedTokens ? $" and {tokens.Count - MaxListedTokens} more" : string.Empty);

    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Articles();
}
