namespace Gepa;

/// <summary>One cached (candidate, example) evaluation.</summary>
internal sealed record CachedEvaluation(double Score, object? Output, IReadOnlyDictionary<string, double>? Objectives, object? Trace, bool HasTrace);
