using System.Text.Json;

namespace Gepa;

/// <summary>A stop condition that remembers something between checks (such as when the best score last rose), and can
/// save and restore it, so that a resumed run stops exactly where the uninterrupted one would have.</summary>
public interface IStatefulStopCondition : IStopCondition
{
    /// <summary>Saves what the condition remembers.</summary>
    /// <returns>The state, as JSON.</returns>
    JsonElement SaveState();

    /// <summary>Restores what <see cref="SaveState"/> saved.</summary>
    /// <param name="state">The state.</param>
    void RestoreState(JsonElement state);
}
