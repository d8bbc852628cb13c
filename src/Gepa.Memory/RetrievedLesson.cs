namespace Gepa;

/// <summary>A lesson picked for a query, with why: its similarity and its ranking score.</summary>
public sealed class RetrievedLesson
{
    /// <summary>Gets or sets the lesson.</summary>
    public Lesson Lesson { get; set; } = new();

    /// <summary>Gets or sets the cosine similarity of the lesson to the query.</summary>
    public double Similarity { get; set; }

    /// <summary>Gets or sets the ranking score: similarity times the lesson's record times its evidence (gain / (gain + the
    /// mean gain of the lessons considered)).</summary>
    public double Score { get; set; }

    /// <summary>Gets the estimated tokens of the lesson's text (characters / 4, rounded up).</summary>
    public int Tokens => (Lesson.Text.Length + 3) / 4;
}
