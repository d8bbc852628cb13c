namespace Gepa;

/// <summary>A candidate evaluated on several examples by the <see cref="EvaluationServer"/>.</summary>
/// <param name="AverageScore">The mean score.</param>
/// <param name="Evaluations">One evaluation per example, in the order asked.</param>
public sealed record ServedEvaluationBatch(double AverageScore, IReadOnlyList<ServedEvaluation> Evaluations);
