namespace Gepa.MultiHop;

/// <summary>A sentence of a gold paragraph that the answer depends on.</summary>
/// <param name="Title">The paragraph's title.</param>
/// <param name="Sentence">The sentence.</param>
public sealed record SupportingFact(string Title, string Sentence);
