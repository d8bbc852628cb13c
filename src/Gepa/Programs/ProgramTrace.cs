namespace Gepa;

/// <summary>What one rollout of a program did, in order: every step call and every recorded event.</summary>
/// <remarks>Append-only and thread-safe, so a program may fan out with <see cref="Task.WhenAll(Task[])"/>; entries carry a
/// sequence number in the order they were appended. When traces are not wanted the adapter passes
/// <see cref="Empty"/>, which records nothing.</remarks>
public sealed class ProgramTrace
{
    private readonly List<object> _entries = [];
    private readonly Dictionary<string, int> _callCounts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Initializes an empty trace that records.</summary>
    public ProgramTrace()
        : this(isRecording: true)
    {
    }

    private ProgramTrace(bool isRecording) => IsRecording = isRecording;

    /// <summary>Gets the shared trace that records nothing (rollouts whose traces are not wanted).</summary>
    public static ProgramTrace Empty { get; } = new(isRecording: false);

    /// <summary>Gets whether this trace records (false only for <see cref="Empty"/>).</summary>
    public bool IsRecording { get; }

    /// <summary>Gets every step call, in sequence order.</summary>
    public IReadOnlyList<StepCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.OfType<StepCall>()];
            }
        }
    }

    /// <summary>Gets every event, in sequence order.</summary>
    public IReadOnlyList<TraceEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.OfType<TraceEvent>()];
            }
        }
    }

    /// <summary>Gets every entry (<see cref="StepCall"/> or <see cref="TraceEvent"/>), in sequence order.</summary>
    public IReadOnlyList<object> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Gets the calls of one step, in the order they were made.</summary>
    /// <param name="step">The step name.</param>
    /// <returns>Its calls; empty when the rollout never reached it.</returns>
    public IReadOnlyList<StepCall> CallsOf(string step)
    {
        lock (_gate)
        {
            return [.. _entries.OfType<StepCall>().Where(c => c.Step == step)];
        }
    }

    /// <summary>Gets the events of one kind, in order.</summary>
    /// <param name="kind">The event kind.</param>
    /// <returns>Its events.</returns>
    public IReadOnlyList<TraceEvent> EventsOf(string kind)
    {
        lock (_gate)
        {
            return [.. _entries.OfType<TraceEvent>().Where(e => e.Kind == kind)];
        }
    }

    /// <summary>Appends a step call, numbering it.</summary>
    /// <param name="step">The step name.</param>
    /// <param name="build">Builds the call from its (ordinal, sequence).</param>
    /// <returns>The call, or <see langword="null"/> when this trace does not record.</returns>
    internal StepCall? AddCall(string step, Func<int, long, StepCall> build)
    {
        if (!IsRecording)
        {
            return null;
        }

        lock (_gate)
        {
            var ordinal = _callCounts.GetValueOrDefault(step);
            _callCounts[step] = ordinal + 1;
            var call = build(ordinal, _entries.Count);
            _entries.Add(call);
            return call;
        }
    }

    /// <summary>Appends an event.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="payload">The data.</param>
    internal void AddEvent(string kind, object? payload)
    {
        if (!IsRecording)
        {
            return;
        }

        lock (_gate)
        {
            _entries.Add(new TraceEvent(kind, payload, _entries.Count));
        }
    }
}
