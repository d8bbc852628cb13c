using Gepa.Strategies;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Gepa;

/// <summary>A proposer that rewrites several steps of a program in one reflection call: the prompt shows every step's
/// current instructions and records, and the reply carries one fenced block per step. Opt-in (set it as
/// <see cref="GepaOptions.Proposer"/>); the engine's reflective mutation, one component per call, is the reference's
/// and the default.</summary>
/// <typeparam name="TExample">The example type.</typeparam>
/// <remarks>
/// <para>Each iteration: the run's candidate selector picks the parent and its batch sampler the minibatch; the parent
/// is scored with traces (through the run's cache and budget); the adapter builds the records of every step; one
/// reflection call proposes the new texts; the child is scored on the same minibatch and the engine judges it like any
/// proposal.</para>
/// <para><b>Partial replies.</b> A step whose block is missing, empty or repeated, and a block that names no step being
/// rewritten, become <see cref="Issues"/> (and a log warning); the steps that parsed are still proposed. A reply with
/// no usable block, or a reflection call that throws, skips the iteration (recorded too); cancellation propagates.
/// Reflection calls made here are not in the engine's reflection counters: <see cref="ReflectionCalls"/> counts them.</para>
/// </remarks>
public sealed partial class JointStepProposer<TExample> : ICandidateProposer
{
    private readonly IGepaAdapter<TExample> _adapter;
    private readonly IReadOnlyList<TExample> _trainset;
    private readonly IChatClient _reflection;
    private readonly JointStepProposerOptions _options;
    private readonly string _template;
    private readonly ILogger? _logger;
    private readonly List<JointProposalIssue> _issues = [];
    private readonly Lock _lock = new();
    private int _reflectionCalls;

    /// <summary>Initializes the proposer.</summary>
    /// <param name="adapter">Builds the reflective records (a <see cref="ProgramAdapter{TExample, TOutput}"/>, or any
    /// adapter with one component per step).</param>
    /// <param name="trainset">The training set the run uses (minibatch ids index into it).</param>
    /// <param name="reflectionClient">The reflection model.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives a warning per issue; optional.</param>
    /// <exception cref="ArgumentException">The template lacks <see cref="JointStepProposerConstants.StepsPlaceholder"/>,
    /// the perfect score is not finite, or a step name is blank or repeated.</exception>
    public JointStepProposer(IGepaAdapter<TExample> adapter, IReadOnlyList<TExample> trainset, IChatClient reflectionClient, JointStepProposerOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(trainset);
        ArgumentNullException.ThrowIfNull(reflectionClient);
        options ??= new JointStepProposerOptions();
        _template = options.Template ?? JointStepProposerConstants.DefaultTemplate;
        if (!_template.Contains(JointStepProposerConstants.StepsPlaceholder, StringComparison.Ordinal))
        {
            throw new ArgumentException($"JointStepProposerOptions.Template must contain the placeholder {JointStepProposerConstants.StepsPlaceholder} (where the steps' instructions and examples go).", nameof(options));
        }

        if (!double.IsFinite(options.PerfectScore))
        {
            throw new ArgumentException($"JointStepProposerOptions.PerfectScore must be a finite number; it is {options.PerfectScore}.", nameof(options));
        }

        if (options.Steps.FirstOrDefault(string.IsNullOrWhiteSpace) is not null || options.Steps.Distinct(StringComparer.Ordinal).Count() != options.Steps.Count)
        {
            throw new ArgumentException($"JointStepProposerOptions.Steps must hold distinct, non-blank step names; it holds: {string.Join(", ", options.Steps.Select(s => $"'{s}'"))}.", nameof(options));
        }

        _adapter = adapter;
        _trainset = trainset;
        _reflection = reflectionClient;
        _options = options;
        _logger = logger;
    }

    /// <summary>Gets what the proposer could not use so far, in the order it happened.</summary>
    public IReadOnlyList<JointProposalIssue> Issues
    {
        get
        {
            lock (_lock)
            {
                return [.. _issues];
            }
        }
    }

    /// <summary>Gets the number of reflection calls made so far.</summary>
    public int ReflectionCalls => Volatile.Read(ref _reflectionCalls);

    /// <inheritdoc/>
    public async Task<CandidateProposal?> ProposeAsync(IProposerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = context.State;
        var iteration = state.Iteration;
        var parentIndex = context.CandidateSelector.SelectCandidate(state);
        var parent = state.Candidates[parentIndex];
        var ids = context.BatchSampler.NextMinibatchIds(state, parentIndex);
        var before = await context.EvaluateAsync(parent, ids);
        if (before.Traces is null || before.Traces.Count == 0)
        {
            Record(iteration, null, "the parent's evaluation returned no traces; nothing to reflect on");
            return null;
        }

        if (_options.SkipPerfectScore && before.Scores.All(s => s >= _options.PerfectScore))
        {
            return null;
        }

        var unknown = _options.Steps.FirstOrDefault(s => !parent.ContainsKey(s));
        if (unknown is not null)
        {
            throw new InvalidOperationException($"JointStepProposerOptions.Steps names '{unknown}', which is not a component of the candidate; its components are: {string.Join(", ", parent.ComponentNames)}.");
        }

        IReadOnlyList<string> requested = _options.Steps.Count > 0 ? [.. parent.ComponentNames.Where(_options.Steps.Contains)] : [.. parent.ComponentNames];
        var batch = ids.Select(k => _trainset[k]).ToList();
        var dataset = await _adapter.BuildReflectiveDatasetAsync(parent, batch, before, requested, cancellationToken);
        var steps = requested.Where(s => dataset.RecordsFor(s).Count > 0).ToList();
        if (steps.Count == 0)
        {
            Record(iteration, null, "no step has records on this minibatch (no rollout reached them); no reflection call was made");
            return null;
        }

        var prompt = JointReflection.Render(_template, parent, steps, dataset);
        string reply;
        try
        {
            Interlocked.Increment(ref _reflectionCalls);
            var response = await _reflection.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], null, cancellationToken);
            reply = response.Text ?? string.Empty;
            if (response.FinishReason == ChatFinishReason.Length)
            {
                Record(iteration, null, "the reflection reply was truncated (finish reason: length); the blocks that closed are used");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A transport failure is not the parent's fault: skip the iteration rather than score anything.
            Record(iteration, null, $"the reflection model threw {ex.GetType().Name}: {ex.Message}; the iteration was skipped");
            return null;
        }

        var (texts, issues) = JointReflection.Parse(reply, steps);
        foreach (var (step, reason) in issues)
        {
            Record(iteration, step, reason);
        }

        if (texts.Count == 0)
        {
            Record(iteration, null, "the reply had no usable block; the iteration was skipped");
            return null;
        }

        var child = parent.With(texts);
        if (child.Equals(parent))
        {
            return null; // the model kept every text: nothing to score
        }

        var after = await context.EvaluateAsync(child, ids);
        return new CandidateProposal(child, [parentIndex], ids, before.Scores, after.Scores, JointStepProposerConstants.ProposalTag);
    }

    private void Record(int iteration, string? step, string reason)
    {
        lock (_lock)
        {
            _issues.Add(new JointProposalIssue(iteration, step, reason));
        }

        if (_logger is not null)
        {
            LogIssue(_logger, iteration, step ?? "(all)", reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joint proposal, iteration {Iteration}, step {Step}: {Reason}")]
    private static partial void LogIssue(ILogger logger, int iteration, string step, string reason);
}
