namespace Gepa.MultiHop;

/// <summary>The input of the <c>answer</c> step.</summary>
/// <param name="Question">The question.</param>
/// <param name="Notes">The summaries of every hop.</param>
public sealed record AnswerInput(string Question, IReadOnlyList<string> Notes);
