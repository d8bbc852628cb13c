using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gepa;

/// <summary>The source-generated JSON context for every file of a run directory.</summary>
/// <remarks>Compact by default (the state and the JSON-lines journals); <see cref="Indented{T}"/> gives the type info of
/// the human-facing files.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(RunState))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(ProposalRecord))]
[JsonSerializable(typeof(ParetoFrontDocument))]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(PoolRecord))]
[JsonSerializable(typeof(ObservedScoresRecord))]
[JsonSerializable(typeof(CheckpointCacheEntry))]
[JsonSerializable(typeof(ExamplesDocument))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<Dictionary<string, JsonElement>>))]
internal sealed partial class RunJsonContext : JsonSerializerContext
{
    // Lazy: the generated Default lives in another part of this class, and static initializers across parts run in no set order.
    private static JsonSerializerOptions? s_indented;

    /// <summary>Gets the indented type info of <typeparamref name="T"/>.</summary>
    public static JsonTypeInfo<T> Indented<T>()
    {
        s_indented ??= new JsonSerializerOptions(Default.Options) { WriteIndented = true };
        return (JsonTypeInfo<T>)s_indented.GetTypeInfo(typeof(T));
    }
}
