namespace Gepa.Cli.Rendering;

/// <summary>How many model calls of each role are in flight, and since when the oldest of them has been waiting: what
/// the live display shows while a slow model answers.</summary>
/// <param name="timeProvider">The clock.</param>
internal sealed class ModelActivity(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Count, long Since)> _roles = new(StringComparer.Ordinal);

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Records that a call of <paramref name="role"/> started.</summary>
    /// <param name="role">The model role (task, reflection, judge).</param>
    public void Enter(string role)
    {
        lock (_lock)
        {
            var (count, since) = _roles.GetValueOrDefault(role);
            _roles[role] = (count + 1, count == 0 ? TimeProvider.GetTimestamp() : since);
        }
    }

    /// <summary>Records that a call of <paramref name="role"/> ended.</summary>
    /// <param name="role">The model role.</param>
    public void Exit(string role)
    {
        lock (_lock)
        {
            // An answer restarts the wait: what is shown is how long the role has gone without answering.
            var (count, _) = _roles.GetValueOrDefault(role);
            _roles[role] = (Math.Max(0, count - 1), TimeProvider.GetTimestamp());
        }
    }

    /// <summary>Gets the calls in flight per role, with how long the role has gone without
    /// answering (since its last answer, or its first call after being idle).</summary>
    /// <returns>The roles with at least one call in flight.</returns>
    public IReadOnlyList<(string Role, int InFlight, TimeSpan Waiting)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _roles.Where(r => r.Value.Count > 0)
                .Select(r => (r.Key, r.Value.Count, TimeProvider.GetElapsedTime(r.Value.Since)))
                .OrderBy(r => r.Key, StringComparer.Ordinal)];
        }
    }
}
