namespace Gepa;

/// <summary>What a program metric is told about the rollout it scores.</summary>
/// <param name="WantsFeedback">Whether feedback is wanted. It is false on rollouts whose traces are not kept (the
/// validation set, most candidate checks), so an expensive judge can skip writing feedback there; the score must be
/// the same either way.</param>
/// <param name="Candidate">The candidate that ran.</param>
public sealed record MetricContext(bool WantsFeedback, Candidate Candidate);
