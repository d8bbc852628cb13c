namespace Gepa;

/// <summary>How the parent of the next proposal is chosen.</summary>
public enum CandidateSelection
{
    /// <summary>Sample from the Pareto front, weighted by the number of examples each candidate is best on (the default).</summary>
    Pareto,

    /// <summary>Always the candidate with the highest mean validation score.</summary>
    CurrentBest,

    /// <summary>The current best, or with probability epsilon a uniformly random candidate.</summary>
    EpsilonGreedy,

    /// <summary>Pareto sampling restricted to the k candidates with the highest mean validation score.</summary>
    TopKPareto,
}
