using System.Text.Json;

namespace Gepa;

/// <summary>A component whose calls are made outside <see cref="Step{TInput, TOutput}"/>: by code that records them
/// through <see cref="GepaTracingChatClient"/> (<c>UseGepaTracing()</c>), a framework bridge, or
/// <see cref="StepContext.RecordCall"/>. It takes part in the seed candidate, feedback routing and reflective records
/// like any step.</summary>
public sealed class ExternalStep : ProgramStep
{
    /// <summary>Initializes the component.</summary>
    /// <param name="name">The component name, as its calls are recorded.</param>
    /// <param name="instruction">The seed text.</param>
    public ExternalStep(string name, string instruction)
        : base(name, instruction)
    {
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputFields => ["Input"];

    /// <inheritdoc/>
    public override string OutputDescription => "text";

    /// <inheritdoc/>
    public override JsonElement? OutputSchema => null;

    /// <summary>Returns the text this component runs with in a rollout: the candidate's, or the seed.</summary>
    /// <param name="context">The rollout's context; the ambient one when <see langword="null"/>.</param>
    /// <returns>The text.</returns>
    public string Prompt(StepContext? context = null) => (context ?? GepaTrace.Current)?.Prompt(Name, Instruction) ?? Instruction;
}
