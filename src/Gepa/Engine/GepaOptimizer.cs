using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gepa;

/// <summary>Runs GEPA: reflective prompt evolution with Pareto-based parent selection and optional merge.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <remarks>
/// <para>With the same seed, adapter answers and reflection answers, the optimizer makes the same decisions as the
/// Python reference (gepa 0.1.4). Where the reference is weak it does better: the budget is a hard cap by default,
/// reflection failures are retried and counted instead of silently burning budget, and bad settings are rejected
/// before any model call.</para>
/// <para>An instance runs one optimization at a time.</para>
/// </remarks>
public sealed partial class GepaOptimizer<TExample>
{
    private const string TrainSplit = RunContext<TExample>.TrainSplit;
    private const string ValSplit = RunContext<TExample>.ValSplit;

    private readonly IGepaAdapter<TExample> _adapter;
    private readonly IChatClient _reflectionClient;
    private readonly GepaOptions _options;
    private readonly ILogger _logger;
    private readonly IRolloutExecutor<TExample>? _executor;

    /// <summary>Initializes a new optimizer.</summary>
    /// <param name="adapter">The system being optimized.</param>
    /// <param name="reflectionClient">The model that reads the records and proposes new texts.</param>
    /// <param name="options">The run settings; validated when <see cref="OptimizeAsync"/> is called.</param>
    /// <param name="logger">Where progress is logged, or <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GepaOptimizer(IGepaAdapter<TExample> adapter, IChatClient reflectionClient, GepaOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(reflectionClient);
        ArgumentNullException.ThrowIfNull(options);
        _adapter = adapter;
        _reflectionClient = reflectionClient;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Initializes a new optimizer whose rollouts run on <paramref name="executor"/> instead of calling the
    /// adapter in this process.</summary>
    /// <param name="adapter">The system being optimized (it also builds the reflective datasets).</param>
    /// <param name="reflectionClient">The model that reads the records and proposes new texts.</param>
    /// <param name="options">The run settings; validated when <see cref="OptimizeAsync"/> is called.</param>
    /// <param name="executor">Where rollouts run.</param>
    /// <param name="logger">Where progress is logged, or <see langword="null"/> for nowhere.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GepaOptimizer(IGepaAdapter<TExample> adapter, IChatClient reflectionClient, GepaOptions options, IRolloutExecutor<TExample> executor, ILogger? logger = null)
        : this(adapter, reflectionClient, options, logger)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
    }

    /// <summary>Optimizes <paramref name="seed"/> on the task.</summary>
    /// <param name="seed">The starting candidate.</param>
    /// <param name="trainset">The examples reflection learns from (minibatches are drawn from it).</param>
    /// <param name="valset">The examples candidates are selected on, or <see langword="null"/> to use the trainset.</param>
    /// <param name="cancellationToken">Stops the run: the current iteration is abandoned and the result returned.</param>
    /// <returns>The result, with the stop reason.</returns>
    /// <exception cref="ArgumentException">An option or input is invalid; nothing was called.</exception>
    /// <exception cref="GepaEvaluationException">The adapter threw and the run is not set to score that as a failure.</exception>
    public async Task<GepaResult> OptimizeAsync(Candidate seed, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(trainset);
        var sharedValset = valset is null || ReferenceEquals(valset, trainset);
        valset ??= trainset;
        GepaOptionsValidator.Validate(_options, seed, trainset.Count, valset.Count);

        var run = new Run(this, seed, trainset, valset, sharedValset ? TrainSplit : ValSplit, null, cancellationToken);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Continues a run from a checkpoint raised by <see cref="GepaCallbacks.OnCheckpoint"/>: nothing already
    /// evaluated is evaluated again, and with the same model answers the run makes exactly the decisions the
    /// uninterrupted run would have made.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="trainset">The same trainset as the original run.</param>
    /// <param name="valset">The same valset as the original run, or <see langword="null"/> if it used the trainset.</param>
    /// <param name="cancellationToken">Stops the run: the current iteration is abandoned and the result returned.</param>
    /// <returns>The result, with the stop reason.</returns>
    /// <exception cref="ArgumentException">The checkpoint is from a newer format, or from a run with different settings
    /// or data; the message says what differs.</exception>
    public async Task<GepaResult> ResumeAsync(GepaCheckpoint checkpoint, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset = null, CancellationToken cancellationToken = default)
    {
        var run = PrepareResume(checkpoint, trainset, valset, cancellationToken);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Says, without calling anything or changing anything, whether resuming from a checkpoint with these
    /// options would stop before its first iteration with nothing left to do: the run the checkpoint saved is finished
    /// (its budget spent, or a stop condition met), and resuming it would only write the same results again.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="trainset">The same trainset as the original run.</param>
    /// <param name="valset">The same valset as the original run, or <see langword="null"/> if it used the trainset.</param>
    /// <returns>The message the resumed run would stop with, or <see langword="null"/> when resuming would do something
    /// (a raised budget, a run that was interrupted, a failure streak given a fresh start).</returns>
    /// <exception cref="ArgumentException">The checkpoint cannot be resumed with these options or data; the message
    /// says why.</exception>
    public string? FinishedMessage(GepaCheckpoint checkpoint, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset = null) =>
        PrepareResume(checkpoint, trainset, valset, CancellationToken.None).FinishedMessage();

    private Run PrepareResume(GepaCheckpoint checkpoint, IReadOnlyList<TExample> trainset, IReadOnlyList<TExample>? valset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(trainset);
        if (checkpoint.FormatVersion > GepaCheckpoint.CurrentFormatVersion)
        {
            throw new ArgumentException($"The checkpoint has format version {checkpoint.FormatVersion}, newer than this version of Gepa understands ({GepaCheckpoint.CurrentFormatVersion}); upgrade Gepa to resume it.", nameof(checkpoint));
        }

        if (checkpoint.Candidates.Count == 0)
        {
            throw new ArgumentException("The checkpoint has no candidates; it was not written by a run.", nameof(checkpoint));
        }

        var seed = checkpoint.Candidates[0].ToCandidate();
        var sharedValset = valset is null || ReferenceEquals(valset, trainset);
        valset ??= trainset;
        GepaOptionsValidator.Validate(_options, seed, trainset.Count, valset.Count, resuming: true);
        CheckpointSettings.EnsureSame(checkpoint.Settings, CheckpointSettings.Of(_options, seed, trainset.Count, valset.Count));

        return new Run(this, seed, trainset, valset, sharedValset ? TrainSplit : ValSplit, checkpoint, cancellationToken);
    }
}
