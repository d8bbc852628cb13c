using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gepa;

namespace RegexForge;

/// <summary>Scores a candidate regex on a category: F1 of full-string matching, with side information the reflection model
/// can act on (false negatives and positives, parse errors with their offset, match timeouts that reveal catastrophic
/// backtracking) and three objectives: f1, shortness, and whether <see cref="RegexOptions.NonBacktracking"/> accepts it.</summary>
public static class RegexEvaluator
{
    /// <summary>The side-information key listing the strings that should have matched.</summary>
    public const string FalseNegativesKey = "False negatives (should match, did not)";

    /// <summary>The side-information key listing the strings that should not have matched.</summary>
    public const string FalsePositivesKey = "False positives (matched, should not)";

    /// <summary>The side-information key listing strings whose match timed out.</summary>
    public const string TimeoutsKey = "Match timeouts (catastrophic backtracking)";

    /// <summary>How long one match may take at first.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a match that timed out may take on its second try; only a match slower than this counts as a
    /// timeout, so that a busy machine or a cold JIT never turns into a different score.</summary>
    public static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How many false negatives or positives the side information lists.</summary>
    public const int MaxListed = 10;

    /// <summary>Evaluates a regex on a category.</summary>
    /// <param name="pattern">The candidate regex.</param>
    /// <param name="category">The labelled strings.</param>
    /// <returns>The F1 score and the side information.</returns>
    public static Evaluation Evaluate(string pattern, RegexCategory category)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(category);
        var info = new SideInfo().Input($"category '{category.Name}', {category.Strings.Count} strings").Set("Pattern", pattern);
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (RegexParseException e)
        {
            info.Error($"The pattern does not parse: {e.Error} at offset {e.Offset.ToString(CultureInfo.InvariantCulture)} ({Around(pattern, e.Offset)}): {e.Message}");
            info.Score("f1", 0).Score("shortness", Shortness(pattern)).Score("non_backtracking", 0);
            return new Evaluation(0, info);
        }

        int tp = 0, fp = 0, fn = 0;
        var falseNegatives = new List<string>();
        var falsePositives = new List<string>();
        var timeouts = new List<string>();
        foreach (var s in category.Strings)
        {
            bool matched;
            try
            {
                matched = IsMatch(regex, pattern, s.Text);
            }
            catch (RegexMatchTimeoutException)
            {
                // A timeout is a wrong answer whatever the label: the regex is unusable on that input.
                matched = !s.IsVersion;
                timeouts.Add(s.Text);
            }

            if (matched && s.IsVersion)
            {
                tp++;
            }
            else if (matched)
            {
                fp++;
                falsePositives.Add(s.Text);
            }
            else if (s.IsVersion)
            {
                fn++;
                falseNegatives.Add(s.Text);
            }
        }

        var f1 = tp + fp + fn == 0 ? 1.0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        if (falseNegatives.Count > 0)
        {
            info.Set(FalseNegativesKey, Lines(falseNegatives));
        }

        if (falsePositives.Count > 0)
        {
            info.Set(FalsePositivesKey, Lines(falsePositives));
        }

        if (timeouts.Count > 0)
        {
            info.Set(TimeoutsKey, $"Matching took over {ConfirmTimeout.TotalMilliseconds} ms on these (nested quantifiers?):\n" + Lines(timeouts));
        }

        var nonBacktracking = NonBacktrackingAccepts(pattern);
        info.Feedback(fp + fn == 0 && timeouts.Count == 0 ? "Every string of this category is classified correctly." : $"{tp} true positives, {fp} false positives, {fn} false negatives, {timeouts.Count} timeouts.");
        info.Score("f1", f1).Score("shortness", Shortness(pattern)).Score("non_backtracking", nonBacktracking ? 1 : 0);
        if (!nonBacktracking)
        {
            info.Set("NonBacktracking", "RegexOptions.NonBacktracking rejects this pattern (lookarounds, backreferences or atomic groups), so it cannot run in linear time.");
        }

        return new Evaluation(f1, info);
    }

    private static bool IsMatch(Regex regex, string pattern, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, ConfirmTimeout);
        }
    }

    /// <summary>Says whether the linear-time engine accepts the pattern.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>Whether <see cref="RegexOptions.NonBacktracking"/> can compile it.</returns>
    public static bool NonBacktrackingAccepts(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return true;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Shorter is better: 1 for an empty pattern, 0.5 at 60 characters.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The objective.</returns>
    public static double Shortness(string pattern) => 60.0 / (60.0 + (pattern?.Length ?? 0));

    // One JSON string per line, so that spaces and tabs at the ends stay visible.
    private static string Lines(List<string> items) =>
        string.Join("\n", items.Take(MaxListed).Select(s => JsonSerializer.Serialize(s, SampleJson.Default.String))) + (items.Count > MaxListed ? $"\n(and {items.Count - MaxListed} more)" : "");

    private static string Around(string pattern, int offset)
    {
        var at = Math.Clamp(offset, 0, pattern.Length);
        return $"…{pattern[Math.Max(0, at - 8)..at]}⟨here⟩{pattern[at..Math.Min(pattern.Length, at + 8)]}…";
    }
}
