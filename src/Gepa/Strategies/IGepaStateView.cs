namespace Gepa.Strategies;

/// <summary>A read-only view of a run's state, for strategies: the pool, its validation scores, its fronts, the
/// budget and the run's single random source.</summary>
public interface IGepaStateView
{
    /// <summary>Gets the iteration being run, 0-based (the reference's <c>state.i</c>); reported to users as one more.</summary>
    int Iteration { get; }

    /// <summary>Gets the number of candidates in the pool.</summary>
    int Count { get; }

    /// <summary>Gets the candidates, by index; the seed is 0.</summary>
    IReadOnlyList<Candidate> Candidates { get; }

    /// <summary>Gets each candidate's parents (none for the seed, two for a merge).</summary>
    IReadOnlyList<IReadOnlyList<int>> Parents { get; }

    /// <summary>Gets each candidate's validation scores by example index (partial when a race stopped it).</summary>
    IReadOnlyList<IReadOnlyDictionary<int, double>> ValSubscores { get; }

    /// <summary>Gets the number of validation examples.</summary>
    int ValsetSize { get; }

    /// <summary>Gets the number of training examples.</summary>
    int TrainsetSize { get; }

    /// <summary>Gets the rollouts spent so far.</summary>
    int TotalMetricCalls { get; }

    /// <summary>Gets the rollout budget, or <see langword="null"/> when none is set.</summary>
    int? MaxMetricCalls { get; }

    /// <summary>Gets the run's seeded random source; strategies that draw from it keep runs reproducible.</summary>
    PythonRandom Random { get; }

    /// <summary>The mean validation score of a candidate over the examples it was scored on.</summary>
    /// <param name="index">The candidate.</param>
    /// <returns>The mean.</returns>
    double MeanScore(int index);

    /// <summary>The scores parent selection ranks candidates by (the means; lineage-completed for partially evaluated
    /// candidates).</summary>
    /// <returns>One score per candidate.</returns>
    IReadOnlyList<double> SelectionScores();

    /// <summary>The Pareto front parent selection uses: for each front key, the candidates best on it.</summary>
    /// <returns>One set of candidate indexes per front key.</returns>
    IReadOnlyList<IReadOnlyCollection<int>> FrontMapping();

    /// <summary>The best fully evaluated candidate.</summary>
    /// <returns>Its index.</returns>
    int BestIndex();

    /// <summary>Whether a candidate has a score on every validation example.</summary>
    /// <param name="index">The candidate.</param>
    /// <returns><see langword="true"/> when it is fully evaluated.</returns>
    bool IsFullyEvaluated(int index);
}
