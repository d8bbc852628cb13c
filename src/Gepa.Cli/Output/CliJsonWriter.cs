using System.Buffers;
using System.Text.Json;

namespace Gepa.Cli.Output;

/// <summary>Writes what every <c>gepa optimize</c> writes (<c>result.json</c>, <c>best_candidate.json</c>, the usage
/// kept in each checkpoint) with <see cref="Utf8JsonWriter"/> directly, byte for byte as <see cref="CliJsonContext"/>
/// serializes it (indented, camel case, nulls left out).</summary>
/// <remarks>Why by hand: as for the run directory's files (see the library's run directory writer), JIT-compiling the
/// serializer's metadata for these types cost a short run more CPU than writing them. Reading back (<c>gepa report</c>,
/// resume) still uses the context; tests check each writer against it.</remarks>
internal static class CliJsonWriter
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, SkipValidation = true };

    /// <summary>Serializes <c>result.json</c>.</summary>
    /// <param name="document">The result.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(ResultDocument document) => Text(document, Write);

    /// <summary>Serializes a JSON object of strings (<c>best_candidate.json</c>).</summary>
    /// <param name="texts">Component name to text.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(IReadOnlyDictionary<string, string> texts) => Text(texts, Write);

    /// <summary>The usage of every model role as a JSON element (the host state saved with each checkpoint).</summary>
    /// <param name="usage">The usage per role.</param>
    /// <returns>The element.</returns>
    public static JsonElement ToElement(IReadOnlyList<UsageDocument> usage)
    {
        using var document = JsonDocument.Parse(Utf8(usage, Write).WrittenMemory);
        return document.RootElement.Clone();
    }

    private static string Text<T>(T value, Action<Utf8JsonWriter, T> write) =>
        System.Text.Encoding.UTF8.GetString(Utf8(value, write).WrittenSpan);

    private static ArrayBufferWriter<byte> Utf8<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer, value);
        }

        return buffer;
    }

    private static void Write(Utf8JsonWriter w, ResultDocument d)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion"u8, d.SchemaVersion);
        w.WriteString("stopReason"u8, d.StopReason);
        w.WriteString("stopMessage"u8, d.StopMessage);
        w.WriteNumber("bestIndex"u8, d.BestIndex);
        w.WriteNumber("bestScore"u8, d.BestScore);
        w.WriteNumber("totalMetricCalls"u8, d.TotalMetricCalls);
        if (d.MaxMetricCalls is { } max)
        {
            w.WriteNumber("maxMetricCalls"u8, max);
        }

        w.WriteNumber("iterations"u8, d.Iterations);
        w.WriteNumber("proposalsTried"u8, d.ProposalsTried);
        w.WriteNumber("proposalsAccepted"u8, d.ProposalsAccepted);
        w.WriteNumber("failedProposals"u8, d.FailedProposals);
        w.WriteNumber("seed"u8, d.Seed);
        w.WriteStartArray("candidates"u8);
        foreach (var c in d.Candidates)
        {
            w.WriteStartObject();
            w.WriteNumber("index"u8, c.Index);
            w.WriteStartArray("parents"u8);
            foreach (var p in c.Parents)
            {
                w.WriteNumberValue(p);
            }

            w.WriteEndArray();
            w.WriteNumber("valScore"u8, c.ValScore);
            w.WriteStartObject("valSubscores"u8);
            foreach (var (k, v) in c.ValSubscores)
            {
                w.WriteNumber(k, v);
            }

            w.WriteEndObject();
            w.WriteNumber("discoveredAtMetricCall"u8, c.DiscoveredAtMetricCall);
            w.WritePropertyName("components"u8);
            Write(w, c.Components);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WritePropertyName("usage"u8);
        Write(w, d.Usage);
        if (d.TestScore is { } score)
        {
            w.WriteNumber("testScore"u8, score);
        }

        if (d.TestExamples is { } examples)
        {
            w.WriteNumber("testExamples"u8, examples);
        }

        if (d.TestNote is { } note)
        {
            w.WriteString("testNote"u8, note);
        }

        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, IReadOnlyList<UsageDocument> usage)
    {
        w.WriteStartArray();
        foreach (var u in usage)
        {
            w.WriteStartObject();
            w.WriteString("role"u8, u.Role);
            w.WriteNumber("calls"u8, u.Calls);
            w.WriteNumber("failedCalls"u8, u.FailedCalls);
            w.WriteNumber("retries"u8, u.Retries);
            w.WriteNumber("cacheHits"u8, u.CacheHits);
            w.WriteNumber("inputTokens"u8, u.InputTokens);
            w.WriteNumber("outputTokens"u8, u.OutputTokens);
            if (u.Cost is { } cost)
            {
                w.WriteNumber("cost"u8, cost);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    // The library's run directory writer has this same object writer, but it is internal and the tool compiles on the
    // library's public API only: ten lines are not worth a public member of the library.
    private static void Write(Utf8JsonWriter w, IReadOnlyDictionary<string, string> texts)
    {
        w.WriteStartObject();
        foreach (var (k, v) in texts)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }
}
