using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>Renders the joint reflection prompt and parses its reply: one fenced block per step, named by the block's
/// info string (<c>```write_query</c>) or by a heading line just above it.</summary>
internal static partial class JointReflection
{
    /// <summary>Renders the prompt: the template with the step names and one section per step.</summary>
    public static string Render(string template, Candidate parent, IReadOnlyList<string> steps, ReflectiveDataset dataset)
    {
        var sections = new StringBuilder();
        for (var i = 0; i < steps.Count; i++)
        {
            var name = steps[i];
            if (i > 0)
            {
                sections.Append("\n\n");
            }

            sections.Append(CultureInfo.InvariantCulture, $"===== Step `{name}` =====\n");
            sections.Append("Current instructions:\n```\n").Append(parent[name]).Append("\n```\n\n");
            sections.Append("Examples:\n```\n").Append(ReflectionPrompt.RenderRecords(dataset.RecordsFor(name))).Append("\n```");
        }

        return template
            .Replace(JointStepProposerConstants.StepNamesPlaceholder, string.Join(", ", steps), StringComparison.Ordinal)
            .Replace(JointStepProposerConstants.StepsPlaceholder, sections.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Parses a reply into new texts for the requested steps; what cannot be used becomes an issue and the rest
    /// is kept.</summary>
    public static (Dictionary<string, string> Texts, List<(string? Step, string Reason)> Issues) Parse(string reply, IReadOnlyList<string> steps)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var issues = new List<(string?, string)>();
        var wanted = new HashSet<string>(steps, StringComparer.Ordinal);
        var normalized = reply.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (Match block in FencedBlock().Matches(normalized))
        {
            var name = NameOf(block.Groups["info"].Value.Trim(), normalized[..block.Index]);
            if (name is null)
            {
                issues.Add((null, "a fenced block names no step (put the step name after the opening backticks); it was ignored"));
                continue;
            }

            if (!wanted.Contains(name))
            {
                issues.Add((name, $"a block names '{name}', which is not one of the steps being rewritten ({string.Join(", ", steps)}); it was ignored"));
                continue;
            }

            var text = block.Groups["body"].Value.Trim();
            if (text.Length == 0)
            {
                issues.Add((name, "its block is empty; the step keeps its instructions"));
                continue;
            }

            if (!texts.TryAdd(name, text))
            {
                issues.Add((name, "the reply has more than one block for it; the first was used"));
            }
        }

        foreach (var step in steps.Where(s => !texts.ContainsKey(s) && !issues.Any(i => i.Item1 == s)))
        {
            issues.Add((step, "the reply has no block for it; the step keeps its instructions"));
        }

        return (texts, issues);
    }

    // The info string when it is a bare name; else a heading line right above the block ("### answer", "Step `answer`:").
    private static string? NameOf(string info, string before)
    {
        if (info.Length > 0 && !s_languages.Contains(info))
        {
            return info.Trim('`', ':');
        }

        var lines = before.TrimEnd().Split('\n');
        var last = lines.Length > 0 ? lines[^1].Trim() : string.Empty;
        var heading = HeadingName().Match(last);
        return heading.Success ? heading.Groups["name"].Value : null;
    }

    // Info strings that say how to show a block, not which step it is.
    private static readonly HashSet<string> s_languages = new(["text", "txt", "markdown", "md", "plaintext", "plain"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^```[ \t]*(?<info>[^\n`]*)\n(?<body>[\s\S]*?)\n?```[ \t]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^(?:#+|=+)?\s*(?:step\s*)?[`*]*(?<name>[A-Za-z_][\w.-]*)[`*]*\s*:?\s*=*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadingName();
}
