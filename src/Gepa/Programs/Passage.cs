namespace Gepa.Programs;

/// <summary>A titled paragraph of a corpus, with the retrieval score when it came from a search.</summary>
/// <param name="Title">The title (unique within a corpus).</param>
/// <param name="Text">The paragraph text.</param>
/// <param name="Score">The retrieval score, or 0 when it did not come from a search.</param>
public sealed record Passage(string Title, string Text, double Score = 0)
{
    /// <summary>Renders the passage as <c>Title | text</c>, the way programs show passages to a model.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Title} | {Text}";
}
