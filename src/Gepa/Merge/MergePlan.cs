namespace Gepa.Strategies;

/// <summary>A merged candidate and where it came from: two pool candidates and their common ancestor.</summary>
/// <param name="Merged">The merged candidate.</param>
/// <param name="I">The first parent's pool index.</param>
/// <param name="J">The second parent's pool index.</param>
/// <param name="Ancestor">The common ancestor's pool index.</param>
public sealed record MergePlan(Candidate Merged, int I, int J, int Ancestor);
