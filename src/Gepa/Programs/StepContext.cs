namespace Gepa;

/// <summary>What a step call needs from the rollout it belongs to: the candidate's texts and the trace to record into.
/// Pass it explicitly through a program; it is per rollout, so concurrent rollouts never share one.</summary>
public sealed class StepContext
{
    /// <summary>Initializes a context.</summary>
    /// <param name="candidate">The candidate whose texts the steps use; <see langword="null"/> for every step's seed
    /// instruction.</param>
    /// <param name="trace">The trace to record into; <see langword="null"/> (or <see cref="ProgramTrace.Empty"/>) to
    /// record nothing.</param>
    public StepContext(Candidate? candidate = null, ProgramTrace? trace = null)
    {
        Candidate = candidate;
        Trace = trace ?? ProgramTrace.Empty;
    }

    /// <summary>Gets the candidate, or <see langword="null"/> when steps use their seed instructions.</summary>
    public Candidate? Candidate { get; }

    /// <summary>Gets the trace (<see cref="ProgramTrace.Empty"/> when nothing is recorded).</summary>
    public ProgramTrace Trace { get; }

    /// <summary>Gets whether calls and events are recorded. Check it before building an expensive event payload.</summary>
    public bool IsTracing => Trace.IsRecording;

    /// <summary>Returns the instruction of a step: the candidate's text for it, or <paramref name="fallback"/>.</summary>
    /// <param name="step">The step name.</param>
    /// <param name="fallback">The text when the candidate has none (the step's seed).</param>
    /// <returns>The instruction.</returns>
    public string Prompt(string step, string fallback = "") =>
        Candidate is not null && Candidate.TryGetValue(step, out var text) ? text : fallback;

    /// <summary>Records a step call made outside <see cref="Step{TInput, TOutput}"/> (a bridge to another framework, a
    /// hand-written call); does nothing when not tracing.</summary>
    /// <param name="step">The step (component) name.</param>
    /// <param name="instruction">The instruction the call ran with.</param>
    /// <param name="inputs">The input fields, in order.</param>
    /// <param name="reply">The model's reply.</param>
    /// <param name="usage">The token usage, if known.</param>
    /// <param name="elapsed">How long the call took.</param>
    /// <returns>The recorded call, or <see langword="null"/> when not tracing.</returns>
    public StepCall? RecordCall(string step, string instruction, IReadOnlyList<KeyValuePair<string, string>> inputs, string reply, Microsoft.Extensions.AI.UsageDetails? usage = null, TimeSpan elapsed = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(reply);
        return Trace.AddCall(step, (ordinal, sequence) => new StepCall
        {
            Step = step,
            Ordinal = ordinal,
            Sequence = sequence,
            Instruction = instruction,
            Inputs = inputs,
            RawText = reply,
            Output = reply,
            Usage = usage,
            Elapsed = elapsed,
        });
    }

    /// <summary>Records a non-LLM event (retrieval hits, a tool call); does nothing when not tracing.</summary>
    /// <param name="kind">What happened, for example <c>retrieve</c>.</param>
    /// <param name="payload">The data.</param>
    public void Record(string kind, object? payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        Trace.AddEvent(kind, payload);
    }
}
