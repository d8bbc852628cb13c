using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>What happened when one example was run through a <see cref="ChatPromptAdapter"/>: the messages, the reply,
/// the score and the feedback.</summary>
public sealed class ChatPromptTrace
{
    /// <summary>Gets the id of the example.</summary>
    public required string ExampleId { get; init; }

    /// <summary>Gets the messages sent to the model: the system messages, then the user message.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Gets the user message text as sent (the input, plus the context when there is one).</summary>
    public required string UserMessage { get; init; }

    /// <summary>Gets the reply text that was scored.</summary>
    public required string Reply { get; init; }

    /// <summary>Gets why the model stopped, when the provider said.</summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>Gets a value indicating whether the reply was cut off at the output-token limit.</summary>
    public bool Truncated { get; init; }

    /// <summary>Gets the token usage of the call, when the provider reported it.</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>Gets the score.</summary>
    public required double Score { get; init; }

    /// <summary>Gets the feedback for reflection: the metric's feedback, with a note first when the reply was truncated or filtered.</summary>
    public required string Feedback { get; init; }
}
