namespace Gepa.MultiHop;

/// <summary>The input of the <c>write_query</c> step.</summary>
/// <param name="Question">The question.</param>
/// <param name="Summary">The summaries so far, one per line.</param>
public sealed record QueryInput(string Question, string Summary);
