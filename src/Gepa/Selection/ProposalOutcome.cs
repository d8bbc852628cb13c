namespace Gepa;

/// <summary>What one reflective proposal led to, for strategies that learn from it.</summary>
/// <param name="Parent">The parent it rewrote.</param>
/// <param name="Components">The components it rewrote.</param>
/// <param name="Accepted">Its index in the pool when it was accepted, else <see langword="null"/>.</param>
/// <param name="Spent">The rollouts it spent: its parent's and its child's minibatch, and its validation.</param>
internal sealed record ProposalOutcome(int Parent, IReadOnlyList<string> Components, int? Accepted, int Spent);
