namespace Gepa.MultiHop;

/// <summary>A multi-hop question with its gold answer, gold paragraph titles and supporting sentences.</summary>
/// <param name="Id">A stable id.</param>
/// <param name="Question">The question.</param>
/// <param name="Answer">The gold answer span.</param>
/// <param name="Type">The question type (<c>bridge</c>, <c>comparison</c>, <c>3-hop</c>, or the source's own).</param>
/// <param name="GoldTitles">The titles of the paragraphs needed to answer, in chain order.</param>
/// <param name="SupportingFacts">The sentences the answer depends on.</param>
public sealed record MultiHopExample(string Id, string Question, string Answer, string Type, IReadOnlyList<string> GoldTitles, IReadOnlyList<SupportingFact> SupportingFacts);
