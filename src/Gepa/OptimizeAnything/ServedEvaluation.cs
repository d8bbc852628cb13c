namespace Gepa;

/// <summary>One evaluation done by the <see cref="EvaluationServer"/>.</summary>
/// <param name="Number">Its number in the budget (1 for the first evaluation of the run).</param>
/// <param name="ExampleId">The example, or <see langword="null"/> in single-task mode.</param>
/// <param name="Score">The score.</param>
/// <param name="Info">The side information, including <c>log</c> and, for a failure, <c>Error</c>.</param>
/// <param name="Failed">Whether the evaluator threw (the score is then the failure score).</param>
public sealed record ServedEvaluation(int Number, string? ExampleId, double Score, SideInfo Info, bool Failed);
