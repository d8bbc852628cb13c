namespace Gepa.Simulation;

/// <summary>The RuleWorld metric's verdict on one response: a score and textual feedback.</summary>
/// <param name="Score">1.0 when the answer is right, otherwise 0.0.</param>
/// <param name="Feedback">The feedback text; on a wrong answer it sometimes names a guideline that was not followed.</param>
public readonly record struct RuleWorldEvaluation(double Score, string Feedback);
