namespace Gepa.MultiHop;

/// <summary>The trace event (kind <c>retrieve</c>) of one retrieval hop.</summary>
/// <param name="Hop">The 0-based hop.</param>
/// <param name="Query">The query sent to the retriever.</param>
/// <param name="Titles">The titles it returned, best first.</param>
public sealed record RetrievalEvent(int Hop, string Query, IReadOnlyList<string> Titles);
