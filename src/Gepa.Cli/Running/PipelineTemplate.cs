using System.Text.RegularExpressions;

namespace Gepa.Cli.Running;

/// <summary>Expands <c>{name}</c> placeholders in a pipeline template: text as it is, lists as <c>- item</c> lines.</summary>
internal static partial class PipelineTemplate
{
    /// <summary>The placeholder names a template uses, in order of first use.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> Names(string template) =>
        [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Expands a template.</summary>
    /// <param name="template">The template.</param>
    /// <param name="variables">The values: <see cref="string"/> or a list of strings.</param>
    /// <returns>The text.</returns>
    /// <exception cref="KeyNotFoundException">A placeholder has no value.</exception>
    public static string Expand(string template, IReadOnlyDictionary<string, object> variables) =>
        Placeholder().Replace(template, m => variables.TryGetValue(m.Groups[1].Value, out var v)
            ? Render(v)
            : throw new KeyNotFoundException($"the template uses {{{m.Groups[1].Value}}}, which has no value at this point of the pipeline"));

    /// <summary>Renders a value.</summary>
    /// <param name="value">A string or a list of strings.</param>
    /// <returns>The text.</returns>
    public static string Render(object value) => value switch
    {
        string s => s,
        IEnumerable<string> items => string.Join("\n", items.Select(i => "- " + i.Replace("\n", " ", StringComparison.Ordinal))),
        _ => value.ToString() ?? string.Empty,
    };

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_\-]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
