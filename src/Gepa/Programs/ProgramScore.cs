namespace Gepa;

/// <summary>What a program metric says about one rollout: the score, program-level feedback, per-step feedback and
/// optional objective scores. Immutable; <see cref="For"/> and <see cref="WithObjective"/> return copies.</summary>
/// <remarks>Feedback routing: a step's reflective records get its own feedback (<see cref="For"/>) when it has one,
/// otherwise the program-level <see cref="Feedback"/>, otherwise <c>This trajectory got a score of …</c>. Feedback set
/// for one step never reaches another step's records.</remarks>
public sealed class ProgramScore
{
    private static readonly Dictionary<string, string> s_noFeedback = [];
    private static readonly Dictionary<string, double> s_noObjectives = [];

    private ProgramScore(double score, string? feedback, IReadOnlyDictionary<string, string> stepFeedback, IReadOnlyDictionary<string, double> objectives)
    {
        if (!double.IsFinite(score))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "A program score must be a finite number.");
        }

        Score = score;
        Feedback = feedback;
        StepFeedback = stepFeedback;
        Objectives = objectives;
    }

    /// <summary>Gets the rollout's score; higher is better.</summary>
    public double Score { get; }

    /// <summary>Gets the program-level feedback, or <see langword="null"/>.</summary>
    public string? Feedback { get; }

    /// <summary>Gets the per-step feedback, by step name.</summary>
    public IReadOnlyDictionary<string, string> StepFeedback { get; }

    /// <summary>Gets the objective scores, by objective name (empty for none).</summary>
    public IReadOnlyDictionary<string, double> Objectives { get; }

    /// <summary>Creates a score.</summary>
    /// <param name="score">The rollout's score (finite).</param>
    /// <param name="feedback">Program-level feedback, if any.</param>
    /// <returns>The score.</returns>
    public static ProgramScore Of(double score, string? feedback = null) => new(score, feedback, s_noFeedback, s_noObjectives);

    /// <summary>Returns a copy with feedback for one step (replacing any it had).</summary>
    /// <param name="step">The step name.</param>
    /// <param name="feedback">The feedback for that step's records only.</param>
    /// <returns>The copy.</returns>
    public ProgramScore For(string step, string feedback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        ArgumentNullException.ThrowIfNull(feedback);
        var copy = new Dictionary<string, string>(StepFeedback, StringComparer.Ordinal) { [step] = feedback };
        return new(Score, Feedback, copy, Objectives);
    }

    /// <summary>Returns a copy with one objective score (replacing any it had).</summary>
    /// <param name="objective">The objective name.</param>
    /// <param name="value">Its score (finite); higher is better.</param>
    /// <returns>The copy.</returns>
    public ProgramScore WithObjective(string objective, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objective);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The score of objective '{objective}' must be a finite number.");
        }

        var copy = new Dictionary<string, double>(Objectives, StringComparer.Ordinal) { [objective] = value };
        return new(Score, Feedback, StepFeedback, copy);
    }
}
