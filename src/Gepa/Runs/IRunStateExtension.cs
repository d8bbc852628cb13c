using System.Text.Json;

namespace Gepa;

/// <summary>A part of a run outside the engine that makes decisions from what it has seen (a gate on the reflection
/// model, say) and so must be saved with every checkpoint of a <see cref="GepaRunDirectory"/> and restored on resume, for
/// a resumed run to decide exactly as the uninterrupted one.</summary>
/// <remarks>Register it with <see cref="GepaRunDirectory.AddExtension"/>. <see cref="SaveState"/> is called when the
/// engine raises a checkpoint (at an iteration boundary), and what it returns is written in the same atomic replacement of
/// <c>state.json</c> as that checkpoint, so the two always match.</remarks>
public interface IRunStateExtension
{
    /// <summary>Saves the state, as it is at this checkpoint.</summary>
    /// <returns>The state, as JSON.</returns>
    JsonElement SaveState();

    /// <summary>Restores what <see cref="SaveState"/> saved.</summary>
    /// <param name="state">The state.</param>
    void RestoreState(JsonElement state);
}
