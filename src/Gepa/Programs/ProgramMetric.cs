namespace Gepa;

/// <summary>Scores one rollout of a program. Called exactly once per rollout that finished.</summary>
/// <typeparam name="TExample">The example type.</typeparam>
/// <typeparam name="TOutput">The program's output type.</typeparam>
/// <param name="example">The example, with whatever the metric needs (gold answers).</param>
/// <param name="output">What the program returned.</param>
/// <param name="trace">The rollout's trace; <see cref="ProgramTrace.Empty"/> when feedback is not wanted, so compute
/// the score (and objectives) from the output, and feedback from the trace.</param>
/// <param name="context">Whether feedback is wanted, and the candidate.</param>
/// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
/// <returns>The score with its feedback.</returns>
public delegate ValueTask<ProgramScore> ProgramMetric<in TExample, in TOutput>(TExample example, TOutput output, ProgramTrace trace, MetricContext context, CancellationToken cancellationToken);
