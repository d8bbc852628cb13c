namespace RegexForge;

/// <summary>A group of labelled strings that exercise one part of the grammar; each category is one optimize-anything
/// example, so the Pareto front keeps the best regex per category.</summary>
/// <param name="Name">The category's name, used as the example id.</param>
/// <param name="Strings">Its labelled strings.</param>
public sealed record RegexCategory(string Name, IReadOnlyList<LabelledString> Strings);
