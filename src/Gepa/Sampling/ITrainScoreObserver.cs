namespace Gepa;

/// <summary>A strategy that learns from the training scores the run observes.</summary>
internal interface ITrainScoreObserver
{
    /// <summary>Records a candidate's scores on training examples.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <param name="ids">The training examples.</param>
    /// <param name="scores">Its scores, in the same order.</param>
    void Record(int candidate, IReadOnlyList<int> ids, IReadOnlyList<double> scores);
}
