using System.Text.Json.Serialization;

namespace RegexForge;

/// <summary>The source-generated JSON context of the sample.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SampleJson : JsonSerializerContext;
