using System.Text;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>Builds the reflection prompt from a template and reflective records, and extracts the proposed text
/// from the reflection model's reply.</summary>
public static partial class ReflectionPrompt
{
    /// <summary>The placeholder replaced by the current text of the component.</summary>
    public const string CurrentTextPlaceholder = "<curr_param>";

    /// <summary>The placeholder replaced by the rendered reflective records.</summary>
    public const string RecordsPlaceholder = "<side_info>";

    /// <summary>The default reflection template (our wording; the reference's intent).</summary>
    /// <remarks>It asks the model to diagnose failures from the records, keep what already works, and answer with
    /// complete new instructions inside one fenced block. It deliberately names no task-specific vocabulary, so that
    /// the fixed text teaches the model nothing it did not read in the records.</remarks>
    public const string DefaultTemplate =
        """
        You are improving the instructions that an AI assistant follows for a task. These are its current instructions:
        ```
        <curr_param>
        ```

        Below are examples the assistant handled with these instructions. Each shows the input, what the assistant produced, and feedback on how the result should have been better:
        ```
        <side_info>
        ```

        Work in three steps.
        1. Diagnose: from the inputs, the outputs and the feedback, work out what the task really requires and why each weak result fell short. Note every concrete, domain-specific fact or convention the feedback reveals; the assistant will not see these examples again, so anything not written into the instructions is lost.
        2. Keep what works: the current instructions already produce some good results. Preserve every requirement that is still right, and any general strategy that served the assistant well.
        3. Rewrite: write the complete new instructions, not a list of edits. State each requirement plainly, so that the assistant can follow them on inputs it has never seen.

        Reply with the complete new instructions inside a single ``` block.
        """;

    /// <summary>Checks that a template contains both placeholders.</summary>
    /// <param name="template">The template to check.</param>
    /// <param name="optionName">The option or file the template came from, for the error message.</param>
    /// <exception cref="ArgumentException">A placeholder is missing.</exception>
    public static void Validate(string template, string optionName)
    {
        ArgumentNullException.ThrowIfNull(template);
        var missing = new[] { CurrentTextPlaceholder, RecordsPlaceholder }.Where(p => !template.Contains(p, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"The reflection template in '{optionName}' is missing the placeholder{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing)}; a template must contain both {CurrentTextPlaceholder} (the current text) and {RecordsPlaceholder} (the examples with feedback).",
                optionName);
        }
    }

    /// <summary>Renders the prompt for one component, as the reference does (records as markdown headings).</summary>
    /// <param name="template">The template with both placeholders.</param>
    /// <param name="currentText">The component's current text.</param>
    /// <param name="records">The component's reflective records.</param>
    /// <returns>The prompt.</returns>
    public static string Render(string template, string currentText, IReadOnlyList<ReflectiveRecord> records)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(currentText);
        ArgumentNullException.ThrowIfNull(records);

        // Substitute both placeholders in one pass: the reference replaces <curr_param> first, so a component that
        // contains the literal "<side_info>" gets the records injected into it; we keep the text as it is.
        var rendered = RenderRecords(records);
        var sb = new StringBuilder(template.Length + currentText.Length + rendered.Length);
        var i = 0;
        while (i < template.Length)
        {
            if (string.CompareOrdinal(template, i, CurrentTextPlaceholder, 0, CurrentTextPlaceholder.Length) == 0)
            {
                sb.Append(currentText);
                i += CurrentTextPlaceholder.Length;
            }
            else if (string.CompareOrdinal(template, i, RecordsPlaceholder, 0, RecordsPlaceholder.Length) == 0)
            {
                sb.Append(rendered);
                i += RecordsPlaceholder.Length;
            }
            else
            {
                sb.Append(template[i++]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Renders the records as the reference does: <c># Example k</c>, then <c>## key</c> per field, nested
    /// records and lists one heading level deeper (at most six), examples separated by a blank line.</summary>
    /// <param name="records">The records.</param>
    /// <returns>The rendered text.</returns>
    public static string RenderRecords(IReadOnlyList<ReflectiveRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var parts = new List<string>(records.Count);
        for (var n = 0; n < records.Count; n++)
        {
            var sb = new StringBuilder();
            sb.Append("# Example ").Append(n + 1).Append('\n');
            foreach (var (key, value) in records[n])
            {
                sb.Append("## ").Append(key).Append('\n');
                RenderValue(sb, value, 3);
            }

            parts.Add(sb.ToString());
        }

        return string.Join("\n\n", parts);
    }

    /// <summary>Extracts the proposed text from a reflection reply, as the reference does: the text between the first
    /// and the last fence, without a language tag line; the whole reply when there is no fenced block.</summary>
    /// <param name="reply">The model's reply.</param>
    /// <returns>The extracted text, trimmed.</returns>
    public static string Extract(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var s = reply.Trim();
        var start = s.IndexOf("```", StringComparison.Ordinal) + 3;
        var end = s.LastIndexOf("```", StringComparison.Ordinal);
        if (start >= end)
        {
            var stripped = s.Trim();
            if (stripped.StartsWith("```", StringComparison.Ordinal))
            {
                var m = OpeningFence().Match(s);
                return s[m.Length..].Trim();
            }

            if (stripped.EndsWith("```", StringComparison.Ordinal))
            {
                return stripped[..^3].Trim();
            }

            return stripped;
        }

        var content = s[start..end];
        var tag = LanguageTag().Match(content);
        if (tag.Success)
        {
            content = content[tag.Length..];
        }

        return content.Trim();
    }

    /// <summary>Says whether a reply contains a fenced block (an opening and a closing fence).</summary>
    /// <param name="reply">The model's reply.</param>
    /// <returns><see langword="true"/> when the reply has at least two fences.</returns>
    public static bool HasFencedBlock(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var first = reply.IndexOf("```", StringComparison.Ordinal);
        return first >= 0 && reply.LastIndexOf("```", StringComparison.Ordinal) > first;
    }

    private static void RenderValue(StringBuilder sb, ReflectiveValue value, int level)
    {
        if (value.Record is { } record)
        {
            foreach (var (key, inner) in record)
            {
                sb.Append('#', level).Append(' ').Append(key).Append('\n');
                RenderValue(sb, inner, Math.Min(level + 1, 6));
            }

            if (record.Count == 0)
            {
                sb.Append('\n');
            }
        }
        else if (value.Items is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                sb.Append('#', level).Append(" Item ").Append(i + 1).Append('\n');
                RenderValue(sb, items[i], Math.Min(level + 1, 6));
            }

            if (items.Count == 0)
            {
                sb.Append('\n');
            }
        }
        else
        {
            sb.Append(PythonStrip(value.Text!)).Append("\n\n");
        }
    }

    // Python's str.strip() with no argument strips Unicode whitespace, which is what string.Trim() does.
    private static string PythonStrip(string s) => s.Trim();

    // Python: re.match(r"^```\S*\n?", s); \S is "not whitespace".
    [GeneratedRegex(@"^```[^\s]*\n?", RegexOptions.CultureInvariant)]
    private static partial Regex OpeningFence();

    [GeneratedRegex(@"^[^\s]*\n", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
