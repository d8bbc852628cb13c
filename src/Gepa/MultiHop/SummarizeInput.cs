namespace Gepa.MultiHop;

/// <summary>The input of the <c>summarize</c> step.</summary>
/// <param name="Question">The question.</param>
/// <param name="Passages">The retrieved passages, each as <c>Title | text</c>.</param>
public sealed record SummarizeInput(string Question, IReadOnlyList<string> Passages);
