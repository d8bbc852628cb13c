namespace Gepa;

/// <summary>Arguments of the callback raised when the reflection model proposed new texts.</summary>
/// <param name="iteration">The iteration number.</param>
/// <param name="parentIndex">The parent's index.</param>
/// <param name="newTexts">The proposed text per component.</param>
/// <param name="prompts">The prompt sent per component.</param>
/// <param name="rawReplies">The model's raw reply per component.</param>
/// <param name="proposalId">Which of its iteration's proposals the event belongs to (see <see cref="ProposalId"/>).</param>
public readonly struct ProposalEndArgs(int iteration, int parentIndex, IReadOnlyDictionary<string, string> newTexts, IReadOnlyDictionary<string, string> prompts, IReadOnlyDictionary<string, string> rawReplies, int? proposalId = null)
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

    /// <summary>Gets which of its iteration's proposals the event belongs to: the proposal's position among them (0 for the first, and for a merge), in the order the sampling strategy drew them; with the iteration number it identifies the proposal. <see langword="null"/> when the event belongs to no proposal (the seed's validation, a leader's scores extended by a race).</summary>
    public int? ProposalId { get; } = proposalId;
}
