using System.Collections.Concurrent;
using System.Text.Json;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

/// <summary>Reads the reference's vectors and builds the worlds they name: <c>vectors.jsonl</c> (shipped with the spec)
/// <c>edge-vectors.jsonl</c> (corner cases answered by the same reference; see make_edge_vectors.py) and
/// <c>limited-vectors.jsonl</c> (the project's extension, answered by its Python restatement make_limited_vectors.py).</summary>
internal static class RuleWorldVectors
{
    private static readonly Lazy<IReadOnlyList<Vector>> s_all = new(Load);
    private static readonly ConcurrentDictionary<string, World> s_worlds = new();

    public static IReadOnlyList<Vector> All => s_all.Value;

    public static IEnumerable<Vector> OfKind(string kind) => All.Where(v => v.Kind == kind);

    /// <summary>The world with the vector's overrides, set through the key=value parser as a command line would.</summary>
    public static World WorldFor(Vector vector) =>
        s_worlds.GetOrAdd(vector.WorldKey, _ => FreshWorldFor(vector));

    /// <summary>A new world with the vector's overrides, for vectors whose answers depend on the calls before them.</summary>
    public static World FreshWorldFor(Vector vector) =>
        new(RuleWorldOptions.Parse(vector.WorldAssignments));

    public static List<ChatMessage> Messages(JsonElement line) =>
        [.. line.GetProperty("messages").EnumerateArray().Select(m =>
            new ChatMessage(new ChatRole(m.GetProperty("role").GetString()!), m.GetProperty("content").GetString()))];

    private static List<Vector> Load()
    {
        var result = new List<Vector>();
        Load("vectors.jsonl", result);
        Load("edge-vectors.jsonl", result);
        Load("limited-vectors.jsonl", result);
        return result;
    }

    private static void Load(string file, List<Vector> result)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "rule-world", file);
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
            result.Add(new Vector(file, lineNumber, line.GetProperty("kind").GetString()!, line, assignments, string.Join(" ", assignments.Order(StringComparer.Ordinal))));
        }
    }

    internal sealed record Vector(string File, int LineNumber, string Kind, JsonElement Line, IReadOnlyList<string> WorldAssignments, string WorldKey)
    {
        public string Where => $"{File}:{LineNumber}";

        public string Str(string name) => Line.GetProperty(name).GetString()!;
    }
}
