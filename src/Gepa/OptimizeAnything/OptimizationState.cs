namespace Gepa;

/// <summary>What the optimizer knows about the example being evaluated (the reference's <c>opt_state</c>): use it to
/// warm-start a search from the best solutions found so far.</summary>
/// <param name="BestEvaluations">The best evaluations on this example so far, best first, at most
/// <see cref="OptimizeAnythingOptions.BestEvaluationsPerExample"/>.</param>
public sealed record OptimizationState(IReadOnlyList<BestEvaluation> BestEvaluations);
