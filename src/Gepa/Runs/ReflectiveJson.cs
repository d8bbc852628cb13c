using System.Text.Json;

namespace Gepa;

/// <summary>Writes reflective records as JSON for <c>candidates.jsonl</c>: a record is an object, a list an array, text a string.</summary>
internal static class ReflectiveJson
{
    /// <summary>Converts the records of <paramref name="components"/>.</summary>
    /// <param name="dataset">The reflective dataset.</param>
    /// <param name="components">The components whose records are kept.</param>
    /// <returns>An array of record objects per component.</returns>
    public static Dictionary<string, JsonElement> ToJson(ReflectiveDataset dataset, IEnumerable<string> components)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var record in dataset.RecordsFor(component))
                {
                    Write(writer, record);
                }

                writer.WriteEndArray();
            }

            using var doc = JsonDocument.Parse(buffer.ToArray());
            result[component] = doc.RootElement.Clone();
        }

        return result;
    }

    private static void Write(Utf8JsonWriter writer, ReflectiveRecord record)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in record)
        {
            writer.WritePropertyName(key);
            Write(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, ReflectiveValue value)
    {
        if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else if (value.Record is { } record)
        {
            Write(writer, record);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var item in value.Items ?? [])
            {
                Write(writer, item);
            }

            writer.WriteEndArray();
        }
    }
}
