using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Gepa;

/// <summary>Chat middleware that records calls into the ambient rollout (<see cref="GepaTrace.Current"/>) as step calls,
/// for code that cannot take a <see cref="StepContext"/>. Add it with <c>builder.UseGepaTracing()</c>.</summary>
/// <remarks>A call is recorded when a rollout is tracing and the call names its step: the
/// <see cref="ProgramStep.StepTagKey"/> tag of its options, else the innermost <see cref="GepaTrace.BeginStep"/> scope.
/// Calls a <see cref="Step{TInput, TOutput}"/> already records are passed through untouched, and so is everything
/// outside a rollout. Errors propagate unrecorded: they are not the candidate's.</remarks>
public sealed class GepaTracingChatClient : DelegatingChatClient
{
    /// <summary>Initializes the middleware.</summary>
    /// <param name="innerClient">The client to forward to.</param>
    public GepaTracingChatClient(IChatClient innerClient)
        : base(innerClient)
    {
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sent = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var target = Target(options);
        var started = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(sent, options, cancellationToken);
        if (target is { } t)
        {
            Record(t.Context, t.Step, sent, options, response.Text ?? string.Empty, response.Usage, Stopwatch.GetElapsedTime(started));
        }

        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var target = Target(options);
        var started = Stopwatch.GetTimestamp();
        List<ChatResponseUpdate>? updates = target is null ? null : [];
        await foreach (var update in base.GetStreamingResponseAsync(sent, options, cancellationToken))
        {
            updates?.Add(update);
            yield return update;
        }

        if (target is { } t && updates is not null)
        {
            var response = updates.ToChatResponse();
            Record(t.Context, t.Step, sent, options, response.Text ?? string.Empty, response.Usage, Stopwatch.GetElapsedTime(started));
        }
    }

    private static (StepContext Context, string Step)? Target(ChatOptions? options)
    {
        if (GepaTrace.Current is not { IsTracing: true } context)
        {
            return null;
        }

        var props = options?.AdditionalProperties;
        if (props is not null && props.TryGetValue(ProgramStep.RecordedTagKey, out var recorded) && recorded is true)
        {
            return null;
        }

        var step = props is not null && props.TryGetValue(ProgramStep.StepTagKey, out var tag) && tag is string s ? s : GepaTrace.CurrentStep;
        return step is null ? null : (context, step);
    }

    private static void Record(StepContext context, string step, IReadOnlyList<ChatMessage> sent, ChatOptions? options, string reply, UsageDetails? usage, TimeSpan elapsed)
    {
        var system = sent.Where(m => m.Role == ChatRole.System).Select(m => m.Text).Prepend(options?.Instructions).Where(t => !string.IsNullOrEmpty(t));
        var input = string.Join("\n\n", sent.Where(m => m.Role != ChatRole.System).Select(m => m.Role == ChatRole.User ? m.Text : $"[{m.Role}] {m.Text}"));
        context.Trace.AddCall(step, (ordinal, sequence) => new StepCall
        {
            Step = step,
            Ordinal = ordinal,
            Sequence = sequence,
            Instruction = string.Join("\n\n", system),
            Inputs = [new("Input", input)],
            RawText = reply,
            Output = reply,
            Usage = usage,
            Elapsed = elapsed,
        });
    }
}
