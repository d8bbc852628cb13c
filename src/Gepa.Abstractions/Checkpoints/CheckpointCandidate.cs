namespace Gepa;

/// <summary>One candidate of a <see cref="GepaCheckpoint"/>.</summary>
public sealed class CheckpointCandidate
{
    /// <summary>Gets or sets the components in order, as [name, text] pairs.</summary>
    public List<string[]> Components { get; set; } = [];

    /// <summary>Gets or sets the parents.</summary>
    public int[] Parents { get; set; } = [];

    /// <summary>Gets or sets the validation score per example index.</summary>
    public Dictionary<int, double> ValScores { get; set; } = [];

    /// <summary>Gets or sets the objective scores per validation example index, or <see langword="null"/>.</summary>
    public Dictionary<int, Dictionary<string, double>>? ValObjectives { get; set; }

    /// <summary>Gets or sets the round-robin pointer.</summary>
    public int RoundRobinPointer { get; set; }

    /// <summary>Gets or sets the metric calls spent before its validation evaluation.</summary>
    public int DiscoveryEvalCount { get; set; }

    /// <summary>Builds the candidate these components describe.</summary>
    /// <returns>The candidate.</returns>
    public Candidate ToCandidate() => new(Components.Select(c => new KeyValuePair<string, string>(c[0], c[1])));
}
