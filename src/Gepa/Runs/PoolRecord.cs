namespace Gepa;

/// <summary>One line of a run directory's <c>pool.jsonl</c>: a candidate joining the pool with the validation scores it
/// had at that checkpoint, or (without <see cref="Components"/>) validation scores a candidate already in the pool got
/// later (adaptive validation scores a candidate on more examples as it races).</summary>
internal sealed class PoolRecord
{
    /// <summary>Gets or sets the candidate's pool index.</summary>
    public int Candidate { get; set; }

    /// <summary>Gets or sets the components in order, as [name, text] pairs; only on the line that adds the candidate.</summary>
    public List<string[]>? Components { get; set; }

    /// <summary>Gets or sets the parents; only on the line that adds the candidate.</summary>
    public int[]? Parents { get; set; }

    /// <summary>Gets or sets the metric calls spent before its validation; only on the line that adds the candidate.</summary>
    public int? DiscoveryEvalCount { get; set; }

    /// <summary>Gets or sets the validation scores this line adds, by example index.</summary>
    public Dictionary<int, double> ValScores { get; set; } = [];

    /// <summary>Gets or sets the objective scores this line adds, by example index, or <see langword="null"/>.</summary>
    public Dictionary<int, Dictionary<string, double>>? ValObjectives { get; set; }
}
