using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>One recorded call of a step during a rollout: what it was given, what it replied, what came of it.</summary>
public sealed class StepCall
{
    /// <summary>Gets the step (component) name.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the 0-based position of this call among the calls of the same step in the rollout.</summary>
    public required int Ordinal { get; init; }

    /// <summary>Gets the 0-based position of this entry in the whole trace (calls and events).</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets the instruction the step ran with (the system message).</summary>
    public required string Instruction { get; init; }

    /// <summary>Gets the input fields as rendered into the user message, by field name, in order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Inputs { get; init; }

    /// <summary>Gets the typed input object, when the step was called with one.</summary>
    public object? Input { get; init; }

    /// <summary>Gets the model's raw reply text.</summary>
    public required string RawText { get; init; }

    /// <summary>Gets the parsed output (the text itself for a text step), or <see langword="null"/> when it did not parse.</summary>
    public object? Output { get; init; }

    /// <summary>Gets the parse failure, when the reply did not match the step's output schema.</summary>
    public StepFormatException? Error { get; init; }

    /// <summary>Gets the token usage the provider reported, if any.</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>Gets how long the model call took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets whether the reply failed to parse.</summary>
    public bool Failed => Error is not null;
}
