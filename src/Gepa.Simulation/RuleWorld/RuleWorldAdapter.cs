using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Gepa.Simulation;

/// <summary>The GEPA adapter of the <em>simulated</em> RuleWorld: runs a candidate's modules as a pipeline through a
/// task-model <see cref="IChatClient"/> and scores the final reply with the world's metric.</summary>
/// <remarks>
/// <para>The task client is injected so that the same adapter runs against the in-process
/// <see cref="RuleWorldTaskChatClient"/> or against an HTTP client pointed at a RuleWorld server; both give the same
/// replies. For module k of M the system message is the candidate's text for that module and the user message is the
/// one <see cref="RuleWorld.BuildStepUserMessage"/> builds. One pipeline run on one example is one rollout.</para>
/// <para>A task-model call that fails for a transport reason (the server down or unreachable, a timeout, 429 or 5xx after
/// retries, refused credentials; see <see cref="TransientFailure.IsTransportFailure"/>) throws
/// <see cref="ModelTransportException"/>: it is never scored, and the run stops resumably. Any other failure of the call
/// fails only its example: it scores 0 and the trace and feedback carry the error.</para>
/// </remarks>
public sealed class RuleWorldAdapter : IGepaAdapter<RuleWorldExample>, IEvaluationSerializer
{
    /// <summary>The default number of examples evaluated at once.</summary>
    public const int DefaultMaxConcurrency = 8;

    // The fixed text this adapter adds to what the reflection model reads. It must name no rule keyword, or it would
    // teach that rule for free (see RuleWorld.RuleKeywords); a test checks these.
    internal const string InputsKey = "Inputs";
    internal const string GeneratedOutputsKey = "Generated Outputs";
    internal const string FeedbackKey = "Feedback";
    internal const string FailurePrefix = "The pipeline failed: ";
    internal const string NoReplyText = "(no reply: the pipeline failed before this step)";

    private readonly IChatClient _taskModel;
    private readonly int _maxConcurrency;

    /// <summary>Initializes an adapter.</summary>
    /// <param name="world">The world whose examples, module names and metric are used.</param>
    /// <param name="taskModel">The task model: a <see cref="RuleWorldTaskChatClient"/> or a client of a RuleWorld server.</param>
    /// <param name="maxConcurrency">How many examples of a batch are run at once (at least 1).</param>
    public RuleWorldAdapter(RuleWorld world, IChatClient taskModel, int maxConcurrency = DefaultMaxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(taskModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        World = world;
        _taskModel = taskModel;
        _maxConcurrency = maxConcurrency;
    }

    /// <summary>Gets the world whose metric scores the replies.</summary>
    public RuleWorld World { get; }

    /// <inheritdoc/>
    public async ValueTask<EvaluationBatch> EvaluateAsync(IReadOnlyList<RuleWorldExample> batch, Candidate candidate, bool captureTraces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(candidate);
        CheckModules(candidate);
        var traces = new RuleWorldTrace[batch.Count];
        if (batch.Count == 1 || _maxConcurrency == 1)
        {
            // Nothing to overlap: run inline rather than wake thread-pool workers that would only spin.
            for (var i = 0; i < batch.Count; i++)
            {
                traces[i] = await RunAsync(candidate, batch[i], cancellationToken);
            }

            return ToBatch(traces, captureTraces);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallel, async (i, ct) =>
            traces[i] = await RunAsync(candidate, batch[i], ct));

        return ToBatch(traces, captureTraces);
    }

    private static EvaluationBatch ToBatch(RuleWorldTrace[] traces, bool captureTraces) => new(
        scores: [.. traces.Select(t => t.Score)],
        outputs: [.. traces.Select(t => (object?)t.FinalReply)],
        traces: captureTraces ? [.. traces] : null);

    /// <inheritdoc/>
    public JsonElement Serialize(object? value) => value switch
    {
        RuleWorldTrace trace => JsonSerializer.SerializeToElement(trace),
        string text => JsonSerializer.SerializeToElement(text),
        _ => JsonSerializer.SerializeToElement<string?>(null),
    };

    /// <inheritdoc/>
    public object? Deserialize(JsonElement json, bool isTrace) => isTrace ? json.Deserialize<RuleWorldTrace>() : json.GetString();

    /// <summary>Runs one rollout: the candidate's pipeline on one example, scored by the world's metric.</summary>
    /// <param name="candidate">The candidate; it must have a text for every module of the world.</param>
    /// <param name="example">The example.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The trace: every step, the score and the feedback.</returns>
    public async Task<RuleWorldTrace> RunAsync(Candidate candidate, RuleWorldExample example, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(example);
        var modules = World.ModuleNames;
        var steps = new List<RuleWorldStep>(modules.Count);
        string? previous = null;
        for (var k = 0; k < modules.Count; k++)
        {
            var user = World.BuildStepUserMessage(k, example, previous);
            ChatMessage[] messages = [new(ChatRole.System, candidate[modules[k]]), new(ChatRole.User, user)];
            try
            {
                var response = await _taskModel.GetResponseAsync(messages, options: null, cancellationToken);
                previous = response.Text;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A RuleWorld server that is down or refuses the call says nothing about the candidate: never a score.
                if (TransientFailure.IsTransportFailure(ex))
                {
                    throw new ModelTransportException("task", $"The task model failed on example '{example.Id}', step {k + 1} ({modules[k]}): {ex.Message}", ex);
                }

                var error = $"{ex.GetType().Name}: {ex.Message}";
                return new RuleWorldTrace(example, steps, 0.0, FailurePrefix + error, error);
            }

            steps.Add(new RuleWorldStep(modules[k], user, previous));
        }

        var evaluation = World.Evaluate(example, previous!);
        return new RuleWorldTrace(example, steps, evaluation.Score, evaluation.Feedback, Error: null);
    }

    /// <inheritdoc/>
    /// <remarks>One record per example for each component, with keys <c>Inputs</c> (the example's input; with several
    /// modules, the step's own user message, which includes the previous step's reply), <c>Generated Outputs</c> (that
    /// step's reply) and <c>Feedback</c> (the metric's feedback on the final reply). Needs the traces of
    /// <see cref="EvaluateAsync"/> with <c>captureTraces</c> set.</remarks>
    /// <exception cref="ArgumentException">The evaluation has no RuleWorld traces, or a component is not a module.</exception>
    public ValueTask<ReflectiveDataset> BuildReflectiveDatasetAsync(Candidate candidate, IReadOnlyList<RuleWorldExample> batch, EvaluationBatch evaluation, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(components);
        cancellationToken.ThrowIfCancellationRequested();
        if (evaluation.Traces is null || evaluation.Traces.Count != batch.Count || evaluation.Traces.Any(t => t is not RuleWorldTrace))
        {
            throw new ArgumentException(
                "The evaluation must hold one RuleWorld trace per example of the batch: evaluate with captureTraces set to true.",
                nameof(evaluation));
        }

        var modules = World.ModuleNames;
        var dataset = new ReflectiveDataset();
        foreach (var component in components)
        {
            var k = IndexOf(modules, component);
            if (k < 0)
            {
                throw new ArgumentException(
                    $"'{component}' is not a module of this RuleWorld; its modules are: {string.Join(", ", modules)}.",
                    nameof(components));
            }

            var records = new List<ReflectiveRecord>(batch.Count);
            foreach (var trace in evaluation.Traces.Cast<RuleWorldTrace>())
            {
                var step = k < trace.Steps.Count ? trace.Steps[k] : null;
                records.Add(new ReflectiveRecord
                {
                    [InputsKey] = modules.Count == 1 ? trace.Example.Input : step?.UserMessage ?? trace.Example.Input,
                    [GeneratedOutputsKey] = step?.Reply ?? NoReplyText,
                    [FeedbackKey] = trace.Feedback,
                });
            }

            dataset.Add(component, records);
        }

        return ValueTask.FromResult(dataset);
    }

    private void CheckModules(Candidate candidate)
    {
        var missing = World.ModuleNames.Where(name => !candidate.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"The candidate has no text for the RuleWorld module(s) {string.Join(", ", missing)}; this world's modules are: {string.Join(", ", World.ModuleNames)}.",
                nameof(candidate));
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
