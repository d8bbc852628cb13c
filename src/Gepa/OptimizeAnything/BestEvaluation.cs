namespace Gepa;

/// <summary>One of the best evaluations seen so far on an example: its score, its side information and the
/// candidate that earned it.</summary>
/// <param name="Score">The score.</param>
/// <param name="Info">The side information the evaluator returned.</param>
/// <param name="Candidate">The candidate that was evaluated.</param>
public sealed record BestEvaluation(double Score, SideInfo Info, Candidate Candidate);
