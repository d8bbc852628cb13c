using System.Text.Json;

namespace Gepa;

/// <summary>Optionally implemented by an adapter whose outputs and traces can be written to a checkpoint, so that a
/// resumed run finds cached minibatch evaluations with their traces instead of paying for them again.</summary>
/// <remarks>Without it, a checkpoint keeps cached scores but not traces; a resumed run with the cache on then
/// re-evaluates minibatches it had cached.</remarks>
public interface IEvaluationSerializer
{
    /// <summary>Writes an output or a trace as JSON.</summary>
    /// <param name="value">An output or trace the adapter produced.</param>
    /// <returns>Its JSON form.</returns>
    JsonElement Serialize(object? value);

    /// <summary>Reads back an output or a trace written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON form.</param>
    /// <param name="isTrace">Whether it is a trace (otherwise an output).</param>
    /// <returns>The value, as the adapter's own type.</returns>
    object? Deserialize(JsonElement json, bool isTrace);
}
