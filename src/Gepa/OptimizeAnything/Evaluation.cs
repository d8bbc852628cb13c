namespace Gepa;

/// <summary>What an optimize-anything evaluator returns: a score (higher is better) and optional side information
/// that explains it to the reflection model.</summary>
/// <param name="Score">The score; it must be a finite number.</param>
/// <param name="Info">The side information, or <see langword="null"/> for none.</param>
public sealed record Evaluation(double Score, SideInfo? Info = null)
{
    /// <summary>Converts a bare score to an evaluation without side information.</summary>
    /// <param name="score">The score.</param>
    public static implicit operator Evaluation(double score) => new(score);

    /// <summary>Creates an evaluation from a bare score.</summary>
    /// <param name="score">The score.</param>
    /// <returns>The evaluation.</returns>
    public static Evaluation FromDouble(double score) => new(score);
}
