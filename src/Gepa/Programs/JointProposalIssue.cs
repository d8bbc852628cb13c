namespace Gepa;

/// <summary>Something a joint proposal could not use: a step whose block was missing, empty or repeated, a block naming
/// no step, or a reflection call that failed. The steps that parsed are still proposed.</summary>
/// <param name="Iteration">The engine iteration.</param>
/// <param name="Step">The step concerned, or <see langword="null"/> when the issue is the whole call's.</param>
/// <param name="Reason">What went wrong, in words.</param>
public sealed record JointProposalIssue(int Iteration, string? Step, string Reason);
