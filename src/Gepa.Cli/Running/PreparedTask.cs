using Microsoft.Extensions.Logging;

namespace Gepa.Cli.Running;

/// <summary>The task of a run with its data loaded and checked, before any model is called; hides the example type.</summary>
internal abstract class PreparedTask
{
    /// <summary>Gets the number of training examples.</summary>
    public abstract int TrainCount { get; }

    /// <summary>Gets the number of validation examples.</summary>
    public abstract int ValCount { get; }

    /// <summary>Gets the number of test examples.</summary>
    public abstract int TestCount { get; }

    /// <summary>Checks the engine options against the data before anything is written.</summary>
    /// <param name="options">The options.</param>
    /// <param name="seed">The seed candidate.</param>
    public void Validate(GepaOptions options, Candidate seed) => GepaOptionsValidator.Validate(options, seed, TrainCount, ValCount);

    /// <summary>Runs the optimization.</summary>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="seed">The seed candidate.</param>
    /// <param name="options">The engine options, with callbacks.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result.</returns>
    public abstract Task<GepaResult> OptimizeAsync(ModelClients clients, Candidate seed, GepaOptions options, ILogger? logger, CancellationToken cancellationToken);

    /// <summary>Runs the optimization in a run directory: from its saved state when it has one, from the seed otherwise.</summary>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="seed">The seed candidate.</param>
    /// <param name="options">The engine options, with the run directory attached.</param>
    /// <param name="directory">The run directory.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result.</returns>
    public abstract Task<GepaResult> RunAsync(ModelClients clients, Candidate seed, GepaOptions options, GepaRunDirectory directory, ILogger? logger, CancellationToken cancellationToken);

    /// <summary>Checks, before anything is written, that a checkpoint can be resumed with these options and this data.</summary>
    /// <param name="options">The engine options.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <exception cref="ArgumentException">It cannot; the message names what differs.</exception>
    public void CheckResume(GepaOptions options, GepaCheckpoint checkpoint)
    {
        GepaOptionsValidator.ValidateResume(options, checkpoint, TrainCount, ValCount);
    }

    /// <summary>Says, calling nothing and writing nothing, whether resuming a checkpoint would stop at once with nothing
    /// left to do.</summary>
    /// <param name="clients">The model pipelines (not called).</param>
    /// <param name="options">The engine options.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The message the resumed run would stop with, or <see langword="null"/> when it would do something.</returns>
    public abstract string? FinishedMessage(ModelClients clients, GepaOptions options, GepaCheckpoint checkpoint);

    /// <summary>Evaluates a candidate on one split.</summary>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="candidate">The candidate.</param>
    /// <param name="split">train, val or test.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The scores, one per example.</returns>
    public Task<EvaluationBatch> EvaluateAsync(ModelClients clients, Candidate candidate, string split, CancellationToken cancellationToken) =>
        EvaluateAsync(clients, candidate, split, 0, null, captureTraces: false, cancellationToken);

    /// <summary>Evaluates a candidate on a range of one split.</summary>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="candidate">The candidate.</param>
    /// <param name="split">train, val or test.</param>
    /// <param name="first">The range's first example (memory's start scores candidates on prefixes of the validation set,
    /// evaluating only the examples it has not scored yet).</param>
    /// <param name="count">How many examples from <paramref name="first"/>, or <see langword="null"/> for the rest.</param>
    /// <param name="captureTraces">Whether the adapter captures traces (the report shows the start's outputs from them).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The scores, one per example.</returns>
    public abstract Task<EvaluationBatch> EvaluateAsync(ModelClients clients, Candidate candidate, string split, int first, int? count, bool captureTraces, CancellationToken cancellationToken);

    /// <summary>Hands the run's data and adapter to <paramref name="visitor"/> with their example type.</summary>
    /// <typeparam name="TResult">What the visitor makes.</typeparam>
    /// <param name="visitor">The visitor.</param>
    /// <param name="clients">The model pipelines.</param>
    /// <param name="createOptions">Makes the engine options.</param>
    /// <returns>What the visitor made.</returns>
    public abstract TResult Accept<TResult>(IGepaConfigRunVisitor<TResult> visitor, ModelClients clients, Func<GepaOptions> createOptions);
}
