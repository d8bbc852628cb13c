using Gepa.Cli.Configuration;
using Gepa.MultiHop;
using Gepa.Programs;
using Microsoft.Extensions.AI;

namespace Gepa.Cli.Running;

/// <summary>A program declared in the <c>pipeline</c> section: its flow runs step calls (one component each, in
/// <c>seed-candidate</c> order) and retrievals over variables filled from the example's fields.</summary>
internal sealed class PipelineProgram : LmProgram<ChatExample, PipelineResult>
{
    private readonly PipelineConfig _pipeline;
    private readonly IChatClient _client;
    private readonly IRetriever? _retriever;
    private readonly string _inputField;
    private readonly Dictionary<string, Step<string, string>> _textSteps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Step<string, AnswerOutput>> _jsonSteps = new(StringComparer.Ordinal);

    /// <summary>Initializes the program.</summary>
    /// <param name="pipeline">The declaration.</param>
    /// <param name="seed">The seed components, in order.</param>
    /// <param name="client">The task model.</param>
    /// <param name="retriever">The search index, when the flow retrieves.</param>
    /// <param name="inputField">The dataset field the example input comes from (also available as {input}).</param>
    public PipelineProgram(PipelineConfig pipeline, IReadOnlyList<KeyValuePair<string, string>> seed, IChatClient client, IRetriever? retriever, string inputField)
    {
        _pipeline = pipeline;
        _client = client;
        _retriever = retriever;
        _inputField = inputField;
        foreach (var (name, text) in seed)
        {
            // A step replies with JSON when any of its calls asks for it; the template renders the whole message.
            if (pipeline.Flow.Any(o => o.Step == name && o.JsonAnswer))
            {
                _jsonSteps[name] = AddStep(new Step<string, AnswerOutput>(name, text));
            }
            else
            {
                _textSteps[name] = AddStep(new Step<string, string>(name, text));
            }
        }
    }

    /// <summary>The variables an example provides before the flow runs.</summary>
    /// <param name="example">The example.</param>
    /// <param name="inputField">The dataset field of the input.</param>
    /// <returns>The variables.</returns>
    public static Dictionary<string, object> Initial(ChatExample example, string inputField)
    {
        var variables = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in example.Fields)
        {
            variables[name] = value;
        }

        variables["input"] = example.Input;
        variables[inputField] = example.Input;
        if (example.Context is { } context)
        {
            variables["context"] = context;
        }

        return variables;
    }

    /// <inheritdoc/>
    protected override async Task<PipelineResult> RunAsync(ChatExample example, StepContext context, CancellationToken cancellationToken)
    {
        var variables = Initial(example, _inputField);
        var titles = new List<string>();
        var queries = new List<string>();
        foreach (var op in _pipeline.Flow)
        {
            var text = PipelineTemplate.Expand(op.Template, variables);
            if (op.IsRetrieval)
            {
                var passages = await _retriever!.SearchAsync(text, op.K, cancellationToken);
                IReadOnlyList<string> found = [.. passages.Select(p => p.Title)];
                if (context.IsTracing)
                {
                    context.Record("retrieve", new RetrievalEvent(queries.Count, text, found));
                }

                queries.Add(text);
                titles.AddRange(found.Where(t => !titles.Contains(t)));
                variables[op.Into] = passages.Select(p => p.ToString()).ToList();
                continue;
            }

            var result = _jsonSteps.TryGetValue(op.Step!, out var json)
                ? (await json.RunAsync(_client, text, context, cancellationToken)).Answer
                : await _textSteps[op.Step!].RunAsync(_client, text, context, cancellationToken);
            result = result.Trim();
            if (op.Append)
            {
                var list = variables.TryGetValue(op.Into, out var existing) && existing is List<string> l ? l : [];
                list.Add(result);
                variables[op.Into] = list;
            }
            else
            {
                variables[op.Into] = result;
            }
        }

        var output = variables.TryGetValue(_pipeline.Output, out var value) ? PipelineTemplate.Render(value) : string.Empty;
        return new PipelineResult(output, titles, queries);
    }
}
