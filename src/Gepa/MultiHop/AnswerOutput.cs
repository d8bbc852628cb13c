using System.ComponentModel;

namespace Gepa.MultiHop;

/// <summary>The typed output of the <c>answer</c> step.</summary>
/// <param name="Answer">The answer.</param>
public sealed record AnswerOutput([property: Description("the shortest span that answers the question")] string Answer);
