namespace Gepa;

/// <summary>Evaluates a candidate on a contiguous range of the validation set: examples <paramref name="first"/> to
/// <paramref name="first"/> + <paramref name="count"/> − 1, in order.</summary>
/// <param name="candidate">The candidate.</param>
/// <param name="first">The first example's index in the validation set.</param>
/// <param name="count">How many examples.</param>
/// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
/// <returns>One entry per example of the range, in order.</returns>
public delegate Task<EvaluationBatch> ValidationEvaluator(Candidate candidate, int first, int count, CancellationToken cancellationToken);
