namespace Gepa.Strategies;

/// <summary>A candidate's scores on validation examples.</summary>
/// <param name="Scores">The score per validation example index.</param>
/// <param name="Objectives">The objective scores per validation example index, or <see langword="null"/> when the
/// adapter reports none.</param>
public sealed record ValidationScores(IReadOnlyDictionary<int, double> Scores, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>>? Objectives = null);
