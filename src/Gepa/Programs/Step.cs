using System.Diagnostics;
using System.Text.Json;
using Gepa.Programs;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>A named LLM call with a typed input and output: one GEPA component.</summary>
/// <typeparam name="TInput">The input: a string (sent as it is), a record or class (each public property rendered as a
/// <c>Name:</c> field, lists as <c>- item</c> lines), or a string map (each entry a field).</typeparam>
/// <typeparam name="TOutput">The output: <see cref="string"/> for the reply text, or a type read from JSON. A typed
/// step asks for structured output (<see cref="ChatResponseFormat.ForJsonSchema(JsonElement, string?, string?)"/>), tells
/// the model the schema in the user message too, and reads the reply leniently (whole reply, fenced block, or the
/// outermost braces), because some servers ignore <c>response_format</c>.</typeparam>
/// <remarks>
/// <para><b>Messages.</b> System: the candidate's text for <see cref="ProgramStep.Name"/> (the seed instruction when the
/// candidate has none). User: the rendered input, then, for a typed step, the schema.</para>
/// <para><b>Failures.</b> A reply that does not parse is recorded (raw text, expected schema) and thrown as a
/// <see cref="StepFormatException"/>: a candidate fault. Whatever the chat client throws (429, 5xx, time-outs) is not
/// caught here: it is not the candidate's fault.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Step is the concept users know from DSPy-style programs; VB callers can still qualify it.")]
public sealed class Step<TInput, TOutput> : ProgramStep
{
    private const string SchemaHint = "Reply with a single JSON object matching this JSON schema, and nothing else:";
    private static readonly bool s_isText = typeof(TOutput) == typeof(string);
    private static readonly Lazy<JsonElement?> s_schema = new(() => s_isText ? null : AIJsonUtilities.CreateJsonSchema(typeof(TOutput), serializerOptions: StepOutputParser.Options));
    private readonly Func<TInput, string>? _render;
    private readonly ChatOptions? _chatOptions;

    /// <summary>Initializes a step.</summary>
    /// <param name="name">The component name: the candidate key.</param>
    /// <param name="instruction">The seed instruction.</param>
    /// <param name="render">Renders the input into the user message; <see langword="null"/> for the default field layout.</param>
    /// <param name="chatOptions">Options for every call (model id, temperature…); cloned per call.</param>
    public Step(string name, string instruction, Func<TInput, string>? render = null, ChatOptions? chatOptions = null)
        : base(name, instruction)
    {
        _render = render;
        _chatOptions = chatOptions?.Clone();
        InputFields = render is null ? StepInputRenderer.FieldNames(typeof(TInput)) : [StepInputRenderer.SingleField];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InputFields { get; }

    /// <inheritdoc/>
    public override string OutputDescription => OutputSchema is { } schema ? schema.GetRawText() : "text";

    /// <inheritdoc/>
    public override JsonElement? OutputSchema => s_schema.Value;

    /// <summary>Runs the step once: renders the input, calls the model with the context's instruction, reads the reply.</summary>
    /// <param name="client">The chat client (the task model).</param>
    /// <param name="input">The input.</param>
    /// <param name="context">The rollout's context; the ambient one (<see cref="GepaTrace.Current"/>), or an untraced
    /// seed context, when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The output.</returns>
    /// <exception cref="StepFormatException">The reply of a typed step did not parse.</exception>
    public async Task<TOutput> RunAsync(IChatClient client, TInput input, StepContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        context ??= GepaTrace.Current ?? new StepContext();
        var instruction = context.Prompt(Name, Instruction);
        IReadOnlyList<KeyValuePair<string, string>> fields = _render is null
            ? StepInputRenderer.Fields(input)
            : [new(StepInputRenderer.SingleField, _render(input))];
        var userText = StepInputRenderer.Message(fields);
        var options = _chatOptions?.Clone() ?? new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[StepTagKey] = Name;
        options.AdditionalProperties[RecordedTagKey] = context.IsTracing;
        if (OutputSchema is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, typeof(TOutput).Name);
            userText = $"{userText}\n\n{SchemaHint}\n{schema.GetRawText()}";
        }

        List<ChatMessage> messages = [new(ChatRole.System, instruction), new(ChatRole.User, userText)];
        var started = Stopwatch.GetTimestamp();
        var response = await client.GetResponseAsync(messages, options, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var raw = response.Text ?? string.Empty;
        TOutput output;
        StepFormatException? error = null;
        if (s_isText)
        {
            output = (TOutput)(object)raw;
        }
        else if (StepOutputParser.TryParse<TOutput>(raw, out var parsed, out var reason))
        {
            output = parsed!;
        }
        else
        {
            output = default!;
            error = new StepFormatException(Name, raw, OutputDescription, reason);
        }

        context.Trace.AddCall(Name, (ordinal, sequence) => new StepCall
        {
            Step = Name,
            Ordinal = ordinal,
            Sequence = sequence,
            Instruction = instruction,
            Inputs = fields,
            Input = input,
            RawText = raw,
            Output = error is null ? output : null,
            Error = error,
            Usage = response.Usage,
            Elapsed = elapsed,
        });
        return error is null ? output : throw error;
    }
}
