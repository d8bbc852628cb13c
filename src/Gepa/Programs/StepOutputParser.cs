using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gepa.Programs;

/// <summary>Reads a typed step output from a reply: the whole reply as JSON, else the first fenced block, else the span
/// from the first <c>{</c> to the last <c>}</c>. The fallbacks serve servers that ignore <c>response_format</c>.</summary>
internal static class StepOutputParser
{
    /// <summary>The serializer options for step outputs: web defaults (camelCase, case-insensitive), with nullable
    /// annotations and required constructor parameters enforced, so a reply missing a field is a parse failure.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Tries to read <typeparamref name="T"/> from a reply.</summary>
    /// <typeparam name="T">The output type.</typeparam>
    /// <param name="reply">The reply text.</param>
    /// <param name="value">The value read.</param>
    /// <param name="reason">Why it failed, when it did.</param>
    /// <returns>Whether a value was read.</returns>
    public static bool TryParse<T>(string reply, out T? value, out string reason)
    {
        value = default;
        reason = "the reply is empty";
        var text = reply.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        string? firstError = null;
        foreach (var attempt in Attempts(text))
        {
            try
            {
                value = JsonSerializer.Deserialize<T>(attempt, Options);
                if (value is not null)
                {
                    reason = string.Empty;
                    return true;
                }

                firstError ??= "the reply is JSON null";
            }
            catch (JsonException ex)
            {
                firstError ??= ex.Message;
            }
        }

        reason = firstError ?? "the reply holds no JSON object";
        return false;
    }

    private static IEnumerable<string> Attempts(string text)
    {
        yield return text;
        var fence = text.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var start = text.IndexOf('\n', fence);
            var end = start < 0 ? -1 : text.IndexOf("```", start, StringComparison.Ordinal);
            if (end > start)
            {
                yield return text[(start + 1)..end].Trim();
            }
        }

        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open >= 0 && close > open && (open > 0 || close < text.Length - 1))
        {
            yield return text[open..(close + 1)];
        }
    }
}
