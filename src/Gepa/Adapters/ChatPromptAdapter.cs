using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Optimizes the system prompt(s) of a single-turn chat task: the reference's <c>DefaultAdapter</c>, over an <see cref="IChatClient"/>.</summary>
/// <remarks>
/// <para><b>Messages.</b> Every component of the candidate is sent as one system message, in candidate order (a candidate
/// with one component gives one system message). All components go into the same call, so this is not a multi-step
/// pipeline; a pipeline whose steps are separate calls needs its own adapter. The user message is the example's input;
/// when the example has a context, the user message is the input, a blank line, <c>Context:</c> and the context on the
/// following lines.</para>
/// <para><b>Evaluation.</b> The examples of a batch are run concurrently, at most
/// <see cref="ChatPromptAdapterOptions.MaxDegreeOfParallelism"/> at a time; results are in batch order. Each call gets
/// its own clone of <see cref="ChatPromptAdapterOptions.ChatOptions"/>. The output of an example is the reply text. A
/// model call or metric that throws (after whatever retry middleware the client has) is not swallowed: it surfaces as
/// an <see cref="ExampleEvaluationException"/> naming the example, and the engine decides whether that fails the run.
/// A reply cut off at the output-token limit is scored as it is, and its feedback says it was truncated.</para>
/// <para><b>Checkpoints.</b> Outputs and traces are written to checkpoints (<see cref="IEvaluationSerializer"/>), so a
/// resumed run with the evaluation cache on finds its cached minibatches with their traces and pays for none again.</para>
/// <para><b>Reflection.</b> Each requested component gets one record per example with <c>Inputs</c> (the user message),
/// <c>Generated Outputs</c> and <c>Feedback</c>, as in the reference. Every component gets the same records, because the
/// model saw all of them in every call.</para>
/// </remarks>
public sealed class ChatPromptAdapter : IGepaAdapter<ChatExample>, IEvaluationSerializer
{
    private const string EmptyReplyText = "(the model returned an empty reply)";
    private readonly IChatClient _taskClient;
    private readonly IChatMetric _metric;
    private readonly ChatOptions? _chatOptions;
    private readonly int _maxDegreeOfParallelism;

    /// <summary>Initializes a new chat-prompt adapter.</summary>
    /// <param name="taskClient">The task model, with whatever middleware (retry, cache, telemetry) it should have.</param>
    /// <param name="metric">The metric; <see cref="ChatMetrics.Contains"/> (the reference default) when <see langword="null"/>.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ChatPromptAdapterOptions.MaxDegreeOfParallelism"/> is below 1.</exception>
    public ChatPromptAdapter(IChatClient taskClient, IChatMetric? metric = null, ChatPromptAdapterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(taskClient);
        options ??= new ChatPromptAdapterOptions();
        if (options.MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, $"ChatPromptAdapterOptions.MaxDegreeOfParallelism must be at least 1; it is {options.MaxDegreeOfParallelism}.");
        }

        _taskClient = taskClient;
        _metric = metric ?? ChatMetrics.Contains();
        // Copied now so that changing the options object after construction cannot change a running optimization.
        _chatOptions = options.ChatOptions?.Clone();
        _maxDegreeOfParallelism = options.MaxDegreeOfParallelism;
    }

    /// <summary>Builds the user message for an example: the input, plus the context when there is one.</summary>
    /// <param name="example">The example.</param>
    /// <returns>The user message text.</returns>
    public static string BuildUserMessage(ChatExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return string.IsNullOrWhiteSpace(example.Context)
            ? example.Input
            : $"{example.Input}\n\n{ChatPromptAdapterConstants.ContextHeading}\n{example.Context}";
    }

    /// <inheritdoc/>
    public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<ChatExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Count == 0)
        {
            throw new ArgumentException("The candidate has no components; the chat-prompt adapter needs at least one system prompt.", nameof(candidate));
        }

        var systemPrompts = candidate.Values.ToArray();
        var traces = new ChatPromptTrace[batch.Count];
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _maxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallelOptions, async (i, token) =>
            traces[i] = await RunExampleAsync(batch[i] ?? throw new ArgumentException($"Batch entry {i} is null.", nameof(batch)), systemPrompts, token));

        return new EvaluationBatch(
            scores: [.. traces.Select(t => t.Score)],
            outputs: [.. traces.Select(t => (object?)t.Reply)],
            traces: captureTraces ? [.. traces.Select(t => (object?)t)] : null);
    }

    /// <inheritdoc/>
    public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<ChatExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(components);
        var traces = evaluation.Traces
            ?? throw new ArgumentException("The evaluation has no traces; evaluate with captureTraces: true before building a reflective dataset.", nameof(evaluation));
        if (traces.Count != batch.Count)
        {
            throw new ArgumentException($"The evaluation has {traces.Count} traces but the batch has {batch.Count} examples; they must be parallel.", nameof(evaluation));
        }

        var checkedTraces = new ChatPromptTrace[traces.Count];
        for (var i = 0; i < traces.Count; i++)
        {
            checkedTraces[i] = traces[i] as ChatPromptTrace
                ?? throw new ArgumentException($"Trace {i} is {traces[i]?.GetType().Name ?? "null"}, not a {nameof(ChatPromptTrace)}; the evaluation did not come from a chat-prompt adapter.", nameof(evaluation));
        }

        var dataset = new ReflectiveDataset();
        foreach (var component in components)
        {
            if (!candidate.ContainsKey(component))
            {
                throw new ArgumentException($"The candidate has no component named '{component}'; its components are: {string.Join(", ", candidate.ComponentNames)}.", nameof(components));
            }

            // Same content for every component, but separate record objects: records are mutable, and a caller
            // editing one component's records must not change another's.
            dataset.Add(component, checkedTraces.Select(ToRecord));
        }

        return ValueTask.FromResult(dataset);
    }

    /// <inheritdoc/>
    public JsonElement Serialize(object? value) => value switch
    {
        ChatPromptTrace t => JsonSerializer.SerializeToElement(
            new ChatPromptTraceData
            {
                ExampleId = t.ExampleId,
                SystemPrompts = [.. t.Messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text)],
                UserMessage = t.UserMessage,
                Reply = t.Reply,
                FinishReason = t.FinishReason?.Value,
                Truncated = t.Truncated,
                InputTokens = t.Usage?.InputTokenCount,
                OutputTokens = t.Usage?.OutputTokenCount,
                Score = t.Score,
                Feedback = t.Feedback,
            },
            ChatPromptJsonContext.Default.ChatPromptTraceData),
        string text => JsonSerializer.SerializeToElement(text, ChatPromptJsonContext.Default.String),
        _ => JsonSerializer.SerializeToElement(null, ChatPromptJsonContext.Default.String),
    };

    /// <inheritdoc/>
    public object? Deserialize(JsonElement json, bool isTrace)
    {
        if (!isTrace)
        {
            return json.ValueKind == JsonValueKind.String ? json.GetString() : null;
        }

        var d = json.Deserialize(ChatPromptJsonContext.Default.ChatPromptTraceData);
        if (d is null)
        {
            return null;
        }

        List<ChatMessage> messages = [.. d.SystemPrompts.Select(p => new ChatMessage(ChatRole.System, p)), new ChatMessage(ChatRole.User, d.UserMessage)];
        return new ChatPromptTrace
        {
            ExampleId = d.ExampleId,
            Messages = messages,
            UserMessage = d.UserMessage,
            Reply = d.Reply,
            FinishReason = d.FinishReason is { } reason ? new ChatFinishReason(reason) : null,
            Truncated = d.Truncated,
            Usage = d.InputTokens is null && d.OutputTokens is null ? null : new UsageDetails { InputTokenCount = d.InputTokens, OutputTokenCount = d.OutputTokens },
            Score = d.Score,
            Feedback = d.Feedback,
        };
    }

    private static ReflectiveRecord ToRecord(ChatPromptTrace trace) => new()
    {
        ["Inputs"] = trace.UserMessage,
        ["Generated Outputs"] = trace.Reply.Length > 0 ? trace.Reply : EmptyReplyText,
        ["Feedback"] = trace.Feedback,
    };

    private async Task<ChatPromptTrace> RunExampleAsync(ChatExample example, string[] systemPrompts, CancellationToken cancellationToken)
    {
        // Fresh message objects per call: middleware is allowed to mutate what it is given.
        var userMessage = BuildUserMessage(example);
        var messages = new List<ChatMessage>(systemPrompts.Length + 1);
        messages.AddRange(systemPrompts.Select(p => new ChatMessage(ChatRole.System, p)));
        messages.Add(new ChatMessage(ChatRole.User, userMessage));

        ChatResponse response;
        try
        {
            // A copy goes to the client so that the trace keeps exactly what was sent even if middleware edits its list.
            response = await _taskClient.GetResponseAsync([.. messages], _chatOptions?.Clone(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A server that is down or refuses the key says nothing about the candidate: never a score.
            if (TransientFailure.IsTransportFailure(ex))
            {
                throw new ModelTransportException("task", $"The task model failed on example '{example.Id}': {ex.Message}", ex);
            }

            throw new ExampleEvaluationException(example.Id, $"The task model failed on example '{example.Id}': {ex.Message}", ex);
        }

        var reply = response.Text ?? string.Empty;
        MetricResult result;
        try
        {
            result = await _metric.ScoreAsync(example, reply, cancellationToken);
        }
        catch (Exception ex) when (ex is not ExampleEvaluationException and not ModelTransportException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            throw new ExampleEvaluationException(example.Id, $"The metric failed on example '{example.Id}': {ex.Message}", ex);
        }

        if (!double.IsFinite(result.Score))
        {
            throw new ExampleEvaluationException(example.Id, $"The metric gave example '{example.Id}' the score {result.Score.ToString(CultureInfo.InvariantCulture)}; scores must be finite numbers.", null);
        }

        // An empty feedback starves reflection; say at least what the score was (dspy does the same).
        var feedback = string.IsNullOrWhiteSpace(result.Feedback)
            ? $"This response scored {result.Score.ToString("0.###", CultureInfo.InvariantCulture)}."
            : result.Feedback;
        var truncated = response.FinishReason == ChatFinishReason.Length;
        if (truncated)
        {
            feedback = $"{ChatPromptAdapterConstants.TruncationNote} {feedback}";
        }
        else if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            feedback = $"{ChatPromptAdapterConstants.ContentFilterNote} {feedback}";
        }

        return new ChatPromptTrace
        {
            ExampleId = example.Id,
            Messages = messages,
            UserMessage = userMessage,
            Reply = reply,
            FinishReason = response.FinishReason,
            Truncated = truncated,
            Usage = response.Usage,
            Score = result.Score,
            Feedback = feedback,
        };
    }
}
