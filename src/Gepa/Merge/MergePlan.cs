namespace Gepa;

/// <summary>A merged candidate and where it came from.</summary>
internal sealed record MergePlan(Candidate Merged, int I, int J, int Ancestor);
