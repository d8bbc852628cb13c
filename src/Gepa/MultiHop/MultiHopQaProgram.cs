using Gepa.Programs;
using Microsoft.Extensions.AI;

namespace Gepa.MultiHop;

/// <summary>A multi-hop question-answering program modelled on the GEPA paper's HotpotQA program, at a smaller size:
/// retrieve with the question, <c>summarize</c>; then per further hop <c>write_query</c>, retrieve, <c>summarize</c>;
/// finally <c>answer</c> from the summaries. Three components; <c>summarize</c> is called once per hop.</summary>
/// <remarks>Retrieval is plain code between steps, recorded as a <c>retrieve</c> event (<see cref="RetrievalEvent"/>).</remarks>
public sealed class MultiHopQaProgram : LmProgram<MultiHopExample, MultiHopPrediction>
{
    /// <summary>The seed instruction of <c>summarize</c>.</summary>
    public const string SummarizeSeed = "Summarize the passages for the question.";

    /// <summary>The seed instruction of <c>write_query</c>.</summary>
    public const string WriteQuerySeed = "Write a search query for the question.";

    /// <summary>The seed instruction of <c>answer</c>.</summary>
    public const string AnswerSeed = "Answer the question from the notes.";

    private readonly IChatClient _client;
    private readonly IRetriever _retriever;
    private readonly Step<SummarizeInput, string> _summarize;
    private readonly Step<QueryInput, string> _writeQuery;
    private readonly Step<AnswerInput, AnswerOutput> _answer;

    /// <summary>Initializes the program.</summary>
    /// <param name="client">The task model.</param>
    /// <param name="retriever">The search index.</param>
    /// <param name="hops">Retrieval hops (at least 1; the paper's program has 2).</param>
    /// <param name="passagesPerHop">Passages retrieved per hop (at least 1).</param>
    public MultiHopQaProgram(IChatClient client, IRetriever retriever, int hops = 2, int passagesPerHop = 5)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentOutOfRangeException.ThrowIfLessThan(hops, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(passagesPerHop, 1);
        _client = client;
        _retriever = retriever;
        Hops = hops;
        PassagesPerHop = passagesPerHop;
        _summarize = AddStep<SummarizeInput, string>("summarize", SummarizeSeed);
        _writeQuery = AddStep<QueryInput, string>("write_query", WriteQuerySeed);
        _answer = AddStep<AnswerInput, AnswerOutput>("answer", AnswerSeed);
    }

    /// <summary>Gets the number of retrieval hops.</summary>
    public int Hops { get; }

    /// <summary>Gets the passages retrieved per hop.</summary>
    public int PassagesPerHop { get; }

    /// <inheritdoc/>
    protected override async Task<MultiHopPrediction> RunAsync(MultiHopExample example, StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(example);
        var notes = new List<string>();
        var titles = new List<IReadOnlyList<string>>();
        var query = example.Question;
        for (var hop = 0; hop < Hops; hop++)
        {
            if (hop > 0)
            {
                query = (await _writeQuery.RunAsync(_client, new QueryInput(example.Question, string.Join("\n", notes)), context, cancellationToken)).Trim();
            }

            var passages = await _retriever.SearchAsync(query, PassagesPerHop, cancellationToken);
            IReadOnlyList<string> hopTitles = [.. passages.Select(p => p.Title)];
            titles.Add(hopTitles);
            if (context.IsTracing)
            {
                context.Record("retrieve", new RetrievalEvent(hop, query, hopTitles));
            }

            notes.Add((await _summarize.RunAsync(_client, new SummarizeInput(example.Question, [.. passages.Select(p => p.ToString())]), context, cancellationToken)).Trim());
        }

        var answer = await _answer.RunAsync(_client, new AnswerInput(example.Question, notes), context, cancellationToken);
        return new MultiHopPrediction(answer.Answer, titles);
    }
}
