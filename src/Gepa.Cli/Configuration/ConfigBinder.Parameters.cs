using System.Globalization;
using System.Text.RegularExpressions;

namespace Gepa.Cli.Configuration;

/// <summary>The metric's and the adapter's parameters, checked where they are written: a parameter of the wrong type is
/// an error naming its file, line and key, never a silent default, and a regex that does not compile is found before the
/// run starts.</summary>
internal sealed partial class ConfigBinder
{
    private enum ParameterKind
    {
        Flag,
        Text,
        Pattern,
        NonNegativeNumber,
        PositiveInteger,
        Fraction,
        SampleCount,
    }

    private static readonly Dictionary<string, Dictionary<string, ParameterKind>> MetricParameterKinds = new(StringComparer.Ordinal)
    {
        ["contains"] = new(StringComparer.Ordinal) { ["ignore-case"] = ParameterKind.Flag },
        ["exact"] = new(StringComparer.Ordinal),
        ["regex"] = new(StringComparer.Ordinal) { ["pattern"] = ParameterKind.Pattern, ["ignore-case"] = ParameterKind.Flag },
        ["numeric"] = new(StringComparer.Ordinal) { ["tolerance"] = ParameterKind.NonNegativeNumber, ["relative-tolerance"] = ParameterKind.NonNegativeNumber },
        ["f1"] = new(StringComparer.Ordinal),
        ["json-field"] = new(StringComparer.Ordinal) { ["field"] = ParameterKind.Text, ["expected-field"] = ParameterKind.Text, ["ignore-case"] = ParameterKind.Flag },
        ["llm-judge"] = new(StringComparer.Ordinal) { ["prompt"] = ParameterKind.Text },
        ["semantic"] = new(StringComparer.Ordinal) { ["sentence-threshold"] = ParameterKind.Fraction },
        ["self-consistency"] = new(StringComparer.Ordinal) { ["samples"] = ParameterKind.SampleCount },
        ["evaluator"] = new(StringComparer.Ordinal) { ["assembly"] = ParameterKind.Text, ["type"] = ParameterKind.Text, ["metric"] = ParameterKind.Text, ["min"] = ParameterKind.NonNegativeNumber, ["max"] = ParameterKind.NonNegativeNumber },
    };

    private static readonly Dictionary<string, ParameterKind> ChatPromptAdapterParameterKinds = new(StringComparer.Ordinal)
    {
        ["max-concurrency"] = ParameterKind.PositiveInteger,
    };

    private void CheckParameters(string metric, string adapter)
    {
        if (MetricParameterKinds.TryGetValue(metric, out var kinds))
        {
            CheckParameters("metric.parameters", kinds, $"the '{metric}' metric");
        }

        if (metric == "json-field" && !(_leaves.TryGetValue("metric.parameters", out var p) && p.Value is ConfigMap m && m.Entries.ContainsKey("field")))
        {
            Error(LocationOf("metric.parameters") ?? LocationOf("metric.name") ?? FileLocation, "metric.parameters.field", "the json-field metric needs the path of the field to compare, for example parameters: {field: answer}.");
        }

        if (adapter == "chat-prompt")
        {
            CheckParameters("adapter.parameters", ChatPromptAdapterParameterKinds, "the chat-prompt adapter");
        }
    }

    private void CheckParameters(string section, Dictionary<string, ParameterKind> kinds, string owner)
    {
        if (!_leaves.TryGetValue(section, out var entry) || entry.Value is not ConfigMap map)
        {
            return;
        }

        foreach (var (name, parameter) in map.Entries)
        {
            var key = section + "." + name;
            if (!kinds.TryGetValue(name, out var kind))
            {
                var takes = kinds.Count == 0 ? "it takes no parameters" : "it takes: " + string.Join(", ", kinds.Keys);
                var near = Levenshtein.Suggest(name, [.. kinds.Keys]);
                Error(parameter.KeyLocation, key, $"unknown parameter for {owner}; {takes}" + (near is null ? "." : $" (did you mean '{near}'?)."));
                continue;
            }

            if (parameter.Value is not ConfigScalar { Value: { } text } scalar)
            {
                if (parameter.Value is not ConfigScalar)
                {
                    Error(parameter.Value.Location, key, $"expected {Describe(kind)}, got a {(parameter.Value is ConfigMap ? "section" : "list")}.");
                }

                continue;
            }

            var at = scalar.Location;
            switch (kind)
            {
                case ParameterKind.Flag when scalar.Quoted || text is not ("true" or "false"):
                case ParameterKind.NonNegativeNumber when scalar.Quoted || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d) || d < 0:
                case ParameterKind.Fraction when scalar.Quoted || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || f is < 0 or > 1:
                case ParameterKind.SampleCount when scalar.Quoted || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || k is < 2 or > 20:
                case ParameterKind.PositiveInteger when scalar.Quoted || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n is < 1 or > int.MaxValue:
                    Error(at, key, $"expected {Describe(kind)}, got '{text}'.");
                    break;
                case ParameterKind.Text or ParameterKind.Pattern when text.Length == 0:
                    Error(at, key, "expected a non-empty text.");
                    break;
                case ParameterKind.Pattern:
                    try
                    {
                        _ = new Regex(text, RegexOptions.None, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException e)
                    {
                        Error(at, key, $"'{text}' is not a valid regular expression: {e.Message}");
                    }

                    break;
            }
        }
    }

    private static string Describe(ParameterKind kind) => kind switch
    {
        ParameterKind.Flag => "true or false",
        ParameterKind.NonNegativeNumber => "a number ≥ 0",
        ParameterKind.PositiveInteger => "a whole number ≥ 1",
        ParameterKind.Fraction => "a number from 0 to 1",
        ParameterKind.SampleCount => "a whole number from 2 to 20",
        ParameterKind.Pattern => "a regular expression",
        _ => "text",
    };
}
