namespace Gepa.Strategies;

/// <summary>One (parent, minibatch) pair to propose a child from (the reference's <c>ProposalTask</c>).</summary>
/// <param name="ParentIndex">The parent's index in the pool.</param>
/// <param name="Parent">The parent.</param>
/// <param name="MinibatchIds">The training examples the child is proposed from and judged on.</param>
public sealed record ProposalTask(int ParentIndex, Candidate Parent, IReadOnlyList<int> MinibatchIds);
