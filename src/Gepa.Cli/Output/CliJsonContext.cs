using System.Text.Json.Serialization;

namespace Gepa.Cli.Output;

/// <summary>The source-generated JSON context for everything the tool writes (files and JSON-lines events).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResultDocument))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ProgressEvent))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(List<UsageDocument>))]
[JsonSerializable(typeof(Benchmarks.BenchmarkDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
