namespace Gepa.Programs;

/// <summary>A search index a program calls between steps (BM25, a vector store, a web search). Implementations must be
/// safe to call from concurrent rollouts.</summary>
public interface IRetriever
{
    /// <summary>Returns the best passages for a query, best first.</summary>
    /// <param name="query">The query text, as a model wrote it (quotes, colons and all).</param>
    /// <param name="k">How many passages at most.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>At most <paramref name="k"/> passages.</returns>
    Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken);
}
