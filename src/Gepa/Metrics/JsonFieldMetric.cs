using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gepa;

/// <summary>1 when a field of the JSON in the response equals the expected value, otherwise 0.</summary>
/// <remarks>
/// <para>The JSON is looked for in this order: the whole reply; each fenced block (<c>```json … ```</c> or <c>``` … ```</c>)
/// in turn; the text from the first <c>{</c> to the last <c>}</c>. The first that parses is used.</para>
/// <para>The field path is dot-separated (<c>result.label</c>); a segment that is a number indexes an array
/// (<c>items.0.label</c>). Property names are case-sensitive.</para>
/// <para>The expected value is the example's answer, or the example field named by <c>expectedField</c>. Strings are
/// compared trimmed (ignoring case unless told otherwise); numbers by value when the expected value is a number
/// (<c>1.0</c> equals <c>1</c>); booleans and null by their JSON spelling; objects and arrays structurally when the
/// expected value is JSON.</para>
/// </remarks>
public sealed partial class JsonFieldMetric : IChatMetric
{
    private static readonly JsonDocumentOptions ParseOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private readonly string _fieldPath;
    private readonly string[] _segments;
    private readonly string? _expectedField;
    private readonly StringComparison _comparison;

    /// <summary>Initializes a new JSON-field metric.</summary>
    /// <param name="fieldPath">The dot-separated path of the field to check, for example <c>result.label</c>.</param>
    /// <param name="expectedField">The example field (<see cref="ChatExample.Fields"/>) holding the expected value, or
    /// <see langword="null"/> to use the answer.</param>
    /// <param name="ignoreCase">Whether string values are compared ignoring case. Default <see langword="true"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="fieldPath"/> is empty or has an empty segment.</exception>
    public JsonFieldMetric(string fieldPath, string? expectedField = null, bool ignoreCase = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldPath);
        _segments = fieldPath.Split('.');
        if (_segments.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"The field path '{fieldPath}' has an empty segment; write it like 'result.label'.", nameof(fieldPath));
        }

        _fieldPath = fieldPath;
        _expectedField = expectedField;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <inheritdoc/>
    public ValueTask<MetricResult> ScoreAsync(ChatExample example, string response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(response);
        var expected = ExpectedValue(example);
        var wanted = $"expected a JSON object whose field '{_fieldPath}' is {MetricText.Quote(expected)}";
        using var document = TryParse(response, out var parseError);
        if (document is null)
        {
            return Result(0, $"The response is not JSON ({parseError}); {wanted}. Reply with the JSON object only.");
        }

        var current = document.RootElement;
        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            var parent = i == 0 ? "the top level" : $"'{string.Join('.', _segments[..i])}'";
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                var why = current.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    ? $"{parent} has no '{segment}'"
                    : $"{parent} is {Describe(current.ValueKind)}, not an object";
                return Result(0, $"The JSON in the response has the field '{_fieldPath}' missing ({why}); {wanted}.");
            }
        }

        return Matches(current, expected)
            ? Result(1, $"The field '{_fieldPath}' is {MetricText.Quote(expected)}, as expected.")
            : Result(0, $"The field '{_fieldPath}' is {MetricText.Quote(Display(current))}, but the expected answer is {MetricText.Quote(expected)}.");
    }

    private static ValueTask<MetricResult> Result(double score, string feedback) => ValueTask.FromResult(new MetricResult(score, feedback));

    private string ExpectedValue(ChatExample example)
    {
        if (_expectedField is null)
        {
            return MetricText.RequireAnswer(example, "json-field");
        }

        return example.Fields.TryGetValue(_expectedField, out var value)
            ? value
            : throw new ExampleEvaluationException(example.Id, $"Example '{example.Id}' has no field '{_expectedField}', which the json-field metric reads the expected value from.", null);
    }

    private bool Matches(JsonElement actual, string expected)
    {
        var trimmed = expected.Trim();
        switch (actual.ValueKind)
        {
            case JsonValueKind.String:
                return string.Equals(actual.GetString()!.Trim(), trimmed, _comparison);
            case JsonValueKind.Number:
                return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? actual.GetDouble() == number
                    : string.Equals(actual.GetRawText(), trimmed, StringComparison.Ordinal);
            case JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                return string.Equals(actual.GetRawText(), trimmed, StringComparison.OrdinalIgnoreCase);
            default:
                try
                {
                    using var expectedJson = JsonDocument.Parse(trimmed, ParseOptions);
                    return JsonElement.DeepEquals(actual, expectedJson.RootElement);
                }
                catch (JsonException)
                {
                    return false;
                }
        }
    }

    private static string Display(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static JsonDocument? TryParse(string response, out string error)
    {
        error = string.Empty;
        foreach (var candidate in Candidates(response))
        {
            try
            {
                var document = JsonDocument.Parse(candidate, ParseOptions);
                return document;
            }
            catch (JsonException ex)
            {
                // The error of the whole reply is the one worth reporting: it says why the plain answer is not JSON.
                if (error.Length == 0)
                {
                    error = ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim().TrimEnd('.');
                }
            }
        }

        if (error.Length == 0)
        {
            error = "the reply is empty";
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string response)
    {
        var trimmed = response.Trim();
        if (trimmed.Length == 0)
        {
            yield break;
        }

        yield return trimmed;
        foreach (Match block in FencedBlock().Matches(response))
        {
            yield return block.Groups["body"].Value;
        }

        var open = trimmed.IndexOf('{', StringComparison.Ordinal);
        var close = trimmed.LastIndexOf('}');
        if (open >= 0 && close > open)
        {
            yield return trimmed[open..(close + 1)];
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    [GeneratedRegex(@"```[ \t]*(?:json|JSON)?[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FencedBlock();
}
