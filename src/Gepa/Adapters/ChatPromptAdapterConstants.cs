namespace Gepa;

/// <summary>Defaults of <see cref="ChatPromptAdapterOptions"/>.</summary>
internal static class ChatPromptAdapterConstants
{
    /// <summary>Model calls are I/O-bound, so this is not tied to the core count; it stays under typical provider rate limits.</summary>
    public const int DefaultMaxDegreeOfParallelism = 8;

    public const string ContextHeading = "Context:";

    public const string TruncationNote = "The reply was truncated: the model stopped at its output-token limit before finishing, and the cut-off reply was scored as it is.";

    public const string ContentFilterNote = "The reply was stopped by the provider's content filter.";
}
