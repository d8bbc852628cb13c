namespace Gepa;

/// <summary>A short task convention or fact learned from accepted edits, with the evidence behind it and how it has fared
/// since.</summary>
public sealed class Lesson
{
    /// <summary>Gets or sets the bank's id (0 until stored).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the text (at most 300 characters).</summary>
    public string Text { get; set; } = "";

    /// <summary>Gets or sets the role: the component the lesson was learned for.</summary>
    public string Role { get; set; } = "";

    /// <summary>Gets or sets the tasks it was learned from.</summary>
    public List<string> Scope { get; set; } = [];

    /// <summary>Gets or sets the ids of the edits that introduced it.</summary>
    public List<long> Evidence { get; set; } = [];

    /// <summary>Gets or sets the validation gain those edits brought, summed.</summary>
    public double Gain { get; set; }

    /// <summary>Gets or sets how many children that cited it were accepted.</summary>
    public int Helpful { get; set; }

    /// <summary>Gets or sets how many children that cited it were rejected.</summary>
    public int Harmful { get; set; }

    /// <summary>Gets or sets how it was made: <c>extracted</c> (no model) or <c>distilled</c>.</summary>
    public string Source { get; set; } = "extracted";

    /// <summary>Gets or sets the embedding of the text.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public float[] Embedding { get; set; } = [];

    /// <summary>Gets the lesson's record as a factor in (0, 1): (helpful + 1) / (helpful + harmful + 2).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Record => (Helpful + 1.0) / (Helpful + Harmful + 2.0);
}
