namespace Gepa;

/// <summary>Arguments of the callback raised when the reflection model proposed new texts.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIndex">The parent's index.</param>
/// <param name="newTexts">The proposed text per component.</param>
/// <param name="prompts">The prompt sent per component.</param>
/// <param name="rawReplies">The model's raw reply per component.</param>
public readonly struct ProposalEndArgs(int iteration, int parentIndex, IReadOnlyDictionary<string, string> newTexts, IReadOnlyDictionary<string, string> prompts, IReadOnlyDictionary<string, string> rawReplies)
{
    /// <summary>Gets the iteration number.</summary>
    public int Iteration { get; } = iteration;

    /// <summary>Gets the parent's index.</summary>
    public int ParentIndex { get; } = parentIndex;

    /// <summary>Gets the proposed text per component.</summary>
    public IReadOnlyDictionary<string, string> NewTexts { get; } = newTexts;

    /// <summary>Gets the prompt sent per component.</summary>
    public IReadOnlyDictionary<string, string> Prompts { get; } = prompts;

    /// <summary>Gets the model's raw reply per component.</summary>
    public IReadOnlyDictionary<string, string> RawReplies { get; } = rawReplies;
}
