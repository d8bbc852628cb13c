namespace Gepa;

/// <summary>The budget and progress of an <see cref="EvaluationServer"/>.</summary>
/// <param name="Used">Evaluations spent, failed ones included.</param>
/// <param name="MaxEvaluations">The budget.</param>
/// <param name="Failures">Evaluations whose evaluator threw.</param>
/// <param name="BestScore">The best score of any single evaluation, or <see langword="null"/> before the first.</param>
public sealed record EvaluationServerStatus(int Used, int MaxEvaluations, int Failures, double? BestScore)
{
    /// <summary>Gets the evaluations left.</summary>
    public int Remaining => Math.Max(0, MaxEvaluations - Used);

    /// <summary>Gets whether the budget is spent.</summary>
    public bool Exhausted => Remaining == 0;
}
