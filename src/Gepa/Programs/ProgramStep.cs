using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>One named LLM call of a program: one GEPA component. Its instruction is the candidate's text for
/// <see cref="Name"/>; <see cref="Instruction"/> is the seed.</summary>
/// <remarks>Create steps with <see cref="LmProgram{TExample, TOutput}"/>'s <c>AddStep</c> (or <see cref="Step{TInput, TOutput}"/>'s
/// constructor for a program that is not an <see cref="LmProgram{TExample, TOutput}"/>).</remarks>
public abstract class ProgramStep
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that tags a chat call with the step that made it,
    /// so middleware (<see cref="GepaTracingChatClient"/>, logging) knows the step. Connectors do not send additional
    /// properties on the wire.</summary>
    public const string StepTagKey = "gepa.step";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key marking a call a step already records itself, so
    /// <see cref="GepaTracingChatClient"/> does not record it twice.</summary>
    public const string RecordedTagKey = "gepa.recorded";

    /// <summary>Initializes a step.</summary>
    /// <param name="name">The component name: the candidate key, stable across refactors.</param>
    /// <param name="instruction">The seed instruction.</param>
    /// <exception cref="ArgumentException">The name is empty or white space.</exception>
    private protected ProgramStep(string name, string instruction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(instruction);
        Name = name;
        Instruction = instruction;
    }

    /// <summary>Gets the step's name, which is its component name in a candidate.</summary>
    public string Name { get; }

    /// <summary>Gets the seed instruction (the text used when a candidate has none for this step).</summary>
    public string Instruction { get; }

    /// <summary>Gets the names of the step's input fields, in the order they are rendered.</summary>
    public abstract IReadOnlyList<string> InputFields { get; }

    /// <summary>Gets a short description of what the step returns: <c>text</c>, or the JSON schema of a typed output.</summary>
    public abstract string OutputDescription { get; }

    /// <summary>Gets the JSON schema of a typed output, or <see langword="null"/> when the step returns text.</summary>
    public abstract JsonElement? OutputSchema { get; }
}
