namespace Gepa.Simulation;

/// <summary>The trace of one rollout in the simulated RuleWorld: every step of the pipeline and the metric's verdict.</summary>
/// <param name="Example">The example that was run.</param>
/// <param name="Steps">The steps that ran, in order; fewer than the modules only when <paramref name="Error"/> is set.</param>
/// <param name="Score">The metric's score (0 when the run failed).</param>
/// <param name="Feedback">The metric's feedback, or a description of the failure.</param>
/// <param name="Error">Why the run failed (a task-model call threw), or <see langword="null"/> when it completed.</param>
public sealed record RuleWorldTrace(RuleWorldExample Example, IReadOnlyList<RuleWorldStep> Steps, double Score, string Feedback, string? Error)
{
    /// <summary>Gets the pipeline's final reply, or <see langword="null"/> when the run failed before its last step.</summary>
    public string? FinalReply => Error is null && Steps.Count > 0 ? Steps[^1].Reply : null;
}
