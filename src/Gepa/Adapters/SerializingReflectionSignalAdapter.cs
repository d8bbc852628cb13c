using System.Text.Json;

namespace Gepa;

/// <summary>A <see cref="ReflectionSignalAdapter{TExample}"/> over an adapter that serializes its own outputs and
/// traces (for checkpoints): it keeps doing so.</summary>
/// <typeparam name="TExample">The example type.</typeparam>
internal sealed class SerializingReflectionSignalAdapter<TExample>(IGepaAdapter<TExample> inner, IEvaluationSerializer serializer, ReflectionSignal signal)
    : ReflectionSignalAdapter<TExample>(inner, signal), IEvaluationSerializer
{
    /// <inheritdoc/>
    public JsonElement Serialize(object? value) => serializer.Serialize(value);

    /// <inheritdoc/>
    public object? Deserialize(JsonElement json, bool isTrace) => serializer.Deserialize(json, isTrace);
}
