using System.Text.Json.Serialization;

namespace Gepa;

/// <summary>The source-generated JSON context of the optimize-anything types written to disk or to a command.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class GepaOptimizeAnythingJson : JsonSerializerContext;
