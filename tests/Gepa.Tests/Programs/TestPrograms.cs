using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Gepa.Tests.Programs;

public sealed record QaCase(string Question, string Gold);

public sealed record SearchIn(string Question, IReadOnlyList<string> Notes);

public sealed record AnswerIn(string Question, IReadOnlyList<string> Notes);

public sealed record AnswerOut([property: Description("the shortest answer span")] string Answer);

/// <summary>plan → search (called <c>hops</c> times) → answer (typed). When the plan says STOP, the program returns
/// without calling the later steps (a step never reached).</summary>
public sealed class ResearchProgram : LmProgram<QaCase, AnswerOut>
{
    private readonly IChatClient _client;
    private readonly int _hops;
    private readonly Step<string, string> _plan;
    private readonly Step<SearchIn, string> _search;
    private readonly Step<AnswerIn, AnswerOut> _answer;

    public ResearchProgram(IChatClient client, int hops = 2)
    {
        _client = client;
        _hops = hops;
        _plan = AddStep<string, string>("plan", "Plan the research.");
        _search = AddStep<SearchIn, string>("search", "Write a search query.");
        _answer = AddStep<AnswerIn, AnswerOut>("answer", "Answer from the notes.");
    }

    protected override async Task<AnswerOut> RunAsync(QaCase example, StepContext context, CancellationToken cancellationToken)
    {
        var plan = await _plan.RunAsync(_client, example.Question, context, cancellationToken);
        if (plan == "STOP")
        {
            return new AnswerOut(string.Empty);
        }

        var notes = new List<string> { plan };
        for (var hop = 0; hop < _hops; hop++)
        {
            notes.Add(await _search.RunAsync(_client, new SearchIn(example.Question, [.. notes]), context, cancellationToken));
            context.Record("hop", hop);
        }

        return await _answer.RunAsync(_client, new AnswerIn(example.Question, notes), context, cancellationToken);
    }
}
