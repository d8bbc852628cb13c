using System.Text.Json.Serialization;

namespace Gepa;

/// <summary>The source-generated JSON context of the stop conditions' saved state.</summary>
[JsonSerializable(typeof(double?[]))]
internal sealed partial class StopConditionJsonContext : JsonSerializerContext;
