namespace Gepa;

/// <summary>The content of a run directory's <c>pareto_front.json</c>: for each validation example, the best score any
/// candidate reached and the candidates that reach it.</summary>
public sealed class ParetoFrontDocument
{
    /// <summary>Gets or sets the run directory format version.</summary>
    public int FormatVersion { get; set; } = GepaRunDirectory.CurrentFormatVersion;

    /// <summary>Gets or sets the candidates on the front (best on at least one example), in pool order.</summary>
    public List<int> Members { get; set; } = [];

    /// <summary>Gets or sets the best candidate by mean validation score.</summary>
    public int BestCandidate { get; set; }

    /// <summary>Gets or sets the front per validation example, in example order.</summary>
    public List<ParetoFrontExample> Examples { get; set; } = [];
}
