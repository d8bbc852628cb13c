using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gepa.Cli.Anything;

/// <summary>The source-generated JSON context for the optimize-anything snapshot.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class CliJsonNodes : JsonSerializerContext;
