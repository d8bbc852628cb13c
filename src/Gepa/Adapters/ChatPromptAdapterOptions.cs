using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Options of <see cref="ChatPromptAdapter"/>.</summary>
public sealed class ChatPromptAdapterOptions
{
    /// <summary>Gets or sets the options sent with every task-model call (model id, temperature, max output tokens…);
    /// cloned for each call because middleware may change the instance it receives. Default <see langword="null"/>.</summary>
    public ChatOptions? ChatOptions { get; set; }

    /// <summary>Gets or sets the largest number of model calls in flight at once while evaluating a batch; at least 1. Default 8.</summary>
    public int MaxDegreeOfParallelism { get; set; } = ChatPromptAdapterConstants.DefaultMaxDegreeOfParallelism;
}
