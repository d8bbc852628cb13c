using System.Text.Json.Serialization;

namespace Gepa;

/// <summary>Source-generated JSON for the bank's columns and its export file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<long>))]
[JsonSerializable(typeof(MemoryRetrievalEntry))]
[JsonSerializable(typeof(MemoryExport))]
internal sealed partial class MemoryJsonContext : JsonSerializerContext;
