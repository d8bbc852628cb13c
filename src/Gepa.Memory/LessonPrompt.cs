using System.Globalization;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>Puts retrieved lessons into a reflection prompt template and reads back which ones the reflection model says
/// it used, so that the child's acceptance or rejection can be credited to those lessons only.</summary>
public static partial class LessonPrompt
{
    /// <summary>Returns <paramref name="template"/> with a lessons section before its final instruction paragraph (or
    /// at its end), asking the model to cite the ids it used after its fenced block. The placeholders are kept, so the
    /// result is still a valid reflection template; an empty list returns the template unchanged.</summary>
    /// <param name="template">A reflection prompt template (with <c>&lt;curr_param&gt;</c> and <c>&lt;side_info&gt;</c>).</param>
    /// <param name="lessons">The lessons.</param>
    /// <returns>The template with the lessons.</returns>
    public static string AddLessons(string template, IReadOnlyList<RetrievedLesson> lessons)
    {
        ArgumentNullException.ThrowIfNull(template);
        var section = LessonRetriever.FormatForPrompt(lessons);
        if (section.Length == 0)
        {
            return template;
        }

        // Lessons are task text: any "<curr_param>"/"<side_info>" in them would become a placeholder, so break them up.
        section = section.Replace("<curr_param>", "< curr_param>", StringComparison.Ordinal).Replace("<side_info>", "< side_info>", StringComparison.Ordinal);
        var last = template.TrimEnd().LastIndexOf("\n\n", StringComparison.Ordinal);
        return last < 0
            ? template.TrimEnd() + "\n\n" + section + "\n"
            : template[..last] + "\n\n" + section + template[last..];
    }

    /// <summary>Returns <paramref name="prompt"/> without the lessons section <see cref="AddLessons"/> put into its
    /// template (the section runs from its heading to the next blank line); a prompt without one is returned as it is.
    /// For a template with a blank line, <c>RemoveLessons(AddLessons(t, lessons)) == t</c>.</summary>
    /// <param name="prompt">A reflection prompt or template.</param>
    /// <returns>The prompt without the lessons.</returns>
    public static string RemoveLessons(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var start = prompt.IndexOf(LessonRetriever.PromptHeading, StringComparison.Ordinal);
        if (start < 0)
        {
            return prompt;
        }

        var end = prompt.IndexOf("\n\n", start, StringComparison.Ordinal);
        var before = start >= 2 && prompt.AsSpan(start - 2, 2).SequenceEqual("\n\n") ? start - 2 : start;
        return end < 0 ? prompt[..before].TrimEnd() + "\n" : prompt[..before] + prompt[end..];
    }

    /// <summary>Reads the lesson ids a reply cites (<c>Used lessons: L12, L40</c>), leniently: any case, with or without
    /// the <c>L</c>, several lines; a reply citing none gives an empty list.</summary>
    /// <param name="reply">The reflection model's raw reply.</param>
    /// <returns>The cited ids, in order, without repeats.</returns>
    public static IReadOnlyList<long> ParseCitations(string? reply)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return [];
        }

        var ids = new List<long>();
        foreach (Match line in CitationLine().Matches(reply))
        {
            foreach (Match id in LessonId().Matches(line.Groups["ids"].Value))
            {
                if (long.TryParse(id.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && !ids.Contains(n))
                {
                    ids.Add(n);
                }
            }
        }

        return ids;
    }

    [GeneratedRegex(@"used\s+lessons?\s*:(?<ids>[^\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CitationLine();

    [GeneratedRegex(@"\bL?(?<n>\d{1,12})\b", RegexOptions.IgnoreCase)]
    private static partial Regex LessonId();
}
