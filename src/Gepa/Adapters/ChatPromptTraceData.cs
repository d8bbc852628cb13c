namespace Gepa;

/// <summary>The JSON form of a <see cref="ChatPromptTrace"/> in a checkpoint: the system prompts and user message stand for
/// the messages that were sent.</summary>
internal sealed class ChatPromptTraceData
{
    public string ExampleId { get; set; } = "";

    public List<string> SystemPrompts { get; set; } = [];

    public string UserMessage { get; set; } = "";

    public string Reply { get; set; } = "";

    public string? FinishReason { get; set; }

    public bool Truncated { get; set; }

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public double Score { get; set; }

    public string Feedback { get; set; } = "";
}
