using System.Collections.Concurrent;
using System.Text.Json;
using Gepa.RuleWorld;
using Microsoft.Extensions.AI;
using World = Gepa.RuleWorld.RuleWorld;

namespace Gepa.Tests.RuleWorld;

/// <summary>Reads the reference's vectors (Fixtures/rule-world/vectors.jsonl) and builds the worlds they name.</summary>
internal static class RuleWorldVectors
{
    private static readonly Lazy<IReadOnlyList<Vector>> s_all = new(Load);
    private static readonly ConcurrentDictionary<string, World> s_worlds = new();

    public static IReadOnlyList<Vector> All => s_all.Value;

    public static IEnumerable<Vector> OfKind(string kind) => All.Where(v => v.Kind == kind);

    /// <summary>The world with the vector's overrides, set through the key=value parser as a command line would.</summary>
    public static World WorldFor(Vector vector) =>
        s_worlds.GetOrAdd(vector.WorldKey, _ => new World(RuleWorldOptions.Parse(vector.WorldAssignments)));

    public static List<ChatMessage> Messages(JsonElement line) =>
        [.. line.GetProperty("messages").EnumerateArray().Select(m =>
            new ChatMessage(new ChatRole(m.GetProperty("role").GetString()!), m.GetProperty("content").GetString()))];

    private static List<Vector> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "rule-world", "vectors.jsonl");
        var result = new List<Vector>();
        var lineNumber = 0;
        foreach (var text in File.ReadLines(path))
        {
            lineNumber++;
            if (text.Length == 0)
            {
                continue;
            }

            var line = JsonDocument.Parse(text).RootElement.Clone();
            var assignments = line.GetProperty("world").EnumerateObject()
                .Select(p => p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))
                .ToList();
            result.Add(new Vector(lineNumber, line.GetProperty("kind").GetString()!, line, assignments, string.Join(" ", assignments.Order(StringComparer.Ordinal))));
        }

        return result;
    }

    internal sealed record Vector(int LineNumber, string Kind, JsonElement Line, IReadOnlyList<string> WorldAssignments, string WorldKey)
    {
        public string Str(string name) => Line.GetProperty(name).GetString()!;
    }
}
