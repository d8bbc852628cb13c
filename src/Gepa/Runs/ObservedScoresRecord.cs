namespace Gepa;

/// <summary>One line of a run directory's <c>observed.jsonl</c>: training scores the adaptive policy observed for a
/// candidate since the previous checkpoint (what its focused minibatches predict from). Replayed in order, a later
/// score of the same example replaces the earlier one.</summary>
internal sealed class ObservedScoresRecord
{
    /// <summary>Gets or sets the candidate's pool index.</summary>
    public int Candidate { get; set; }

    /// <summary>Gets or sets the scores, by training example index.</summary>
    public Dictionary<int, double> Scores { get; set; } = [];
}
