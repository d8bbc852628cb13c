namespace Gepa.Cli.Running;

/// <summary>What a declared pipeline returns: its output and what its retrievals found.</summary>
/// <param name="Output">The value of the output variable.</param>
/// <param name="RetrievedTitles">Every passage title retrieved, in order, without repeats.</param>
/// <param name="Queries">The retrieval queries, in order.</param>
internal sealed record PipelineResult(string Output, IReadOnlyList<string> RetrievedTitles, IReadOnlyList<string> Queries)
{
    /// <inheritdoc/>
    public override string ToString() => Output;
}
