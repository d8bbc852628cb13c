using Microsoft.Extensions.Logging;

namespace Gepa.Cli.Running;

/// <summary>A <see cref="PreparedTask"/> over examples of type <typeparamref name="TExample"/>.</summary>
/// <typeparam name="TExample">The example type of the adapter.</typeparam>
/// <param name="train">The training examples.</param>
/// <param name="val">The validation examples.</param>
/// <param name="test">The test examples.</param>
/// <param name="createAdapter">Creates the adapter over the run's model pipelines.</param>
/// <param name="describe">How an example reads in the report (its id, input and expected answer); without it a run
/// directory gets no <c>examples.json</c>.</param>
/// <param name="strategy">How candidates are proposed (see <see cref="Configuration.ConfigSchema.Strategies"/>):
/// <c>scalar-only</c> and <c>random-search</c> run the same loop over an adapter that shows the reflection model less;
/// <c>best-of-n</c> runs <see cref="BestOfNSampler{TExample}"/>.</param>
/// <param name="createProposer">Creates a proposer used instead of reflective mutation (from the run's model pipelines,
/// a fresh adapter, the training set and the logger), or <see langword="null"/> for the engine's own.</param>
internal sealed class PreparedTask<TExample>(
    IReadOnlyList<TExample> train,
    IReadOnlyList<TExample> val,
    IReadOnlyList<TExample> test,
    Func<ModelClients, IGepaAdapter<TExample>> createAdapter,
    Func<TExample, ExampleText>? describe = null,
    string strategy = "gepa",
    Func<ModelClients, IGepaAdapter<TExample>, IReadOnlyList<TExample>, ILogger?, Strategies.ICandidateProposer>? createProposer = null) : PreparedTask
{
    /// <inheritdoc/>
    public override int TrainCount => train.Count;

    /// <inheritdoc/>
    public override int ValCount => val.Count;

    /// <inheritdoc/>
    public override int TestCount => test.Count;

    /// <inheritdoc/>
    public override Task<GepaResult> OptimizeAsync(ModelClients clients, Candidate seed, GepaOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        UseProposer(clients, options, logger);
        return strategy == "best-of-n"
            ? new BestOfNSampler<TExample>(createAdapter(clients), clients.Reflection, options).OptimizeAsync(seed, val, cancellationToken)
            : new GepaOptimizer<TExample>(LoopAdapter(clients), clients.Reflection, options, logger).OptimizeAsync(seed, train, val, cancellationToken);
    }

    /// <inheritdoc/>
    public override Task<GepaResult> RunAsync(ModelClients clients, Candidate seed, GepaOptions options, GepaRunDirectory directory, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(clients);
        UseProposer(clients, options, logger);
        var adapter = LoopAdapter(clients);
        if (describe is not null)
        {
            var capture = new ExampleCapture<TExample>(val, describe);
            if (directory.State is { } state)
            {
                capture.Restore(GepaRunDirectory.ReadExamples(directory.FullPath), [.. state.Checkpoint.Candidates.Select(c => c.ToCandidate())]);
            }

            else if (options.PriorSeedEvaluation is { } prior)
            {
                capture.SeePrior(adapter, val, prior);
            }

            adapter = capture.Wrap(adapter);
            directory.Examples = capture.Results;
        }

        return directory.RunAsync(new GepaOptimizer<TExample>(adapter, clients.Reflection, options, logger), seed, train, val, cancellationToken);
    }

    /// <inheritdoc/>
    public override string? FinishedMessage(ModelClients clients, GepaOptions options, GepaCheckpoint checkpoint) =>
        new GepaOptimizer<TExample>(LoopAdapter(clients), clients.Reflection, options).FinishedMessage(checkpoint, train, val);

    /// <inheritdoc/>
    public override async Task<EvaluationBatch> EvaluateAsync(ModelClients clients, Candidate candidate, string split, int first, int? count, bool captureTraces, CancellationToken cancellationToken)
    {
        IReadOnlyList<TExample> examples = split switch
        {
            "train" => train,
            "val" => val,
            _ => test,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count ?? 0);
        if (first > 0 || (count is { } n && n < examples.Count - first))
        {
            examples = [.. examples.Skip(first).Take(count ?? int.MaxValue)];
        }

        return await createAdapter(clients).EvaluateAsync(examples, candidate, captureTraces, cancellationToken);
    }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IGepaConfigRunVisitor<TResult> visitor, ModelClients clients, Func<GepaOptions> createOptions)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentNullException.ThrowIfNull(createOptions);
        return visitor.Visit(train, val, LoopAdapter(clients), clients.Reflection, () =>
        {
            var options = createOptions();
            UseProposer(clients, options, null);
            return options;
        });
    }

    private void UseProposer(ModelClients clients, GepaOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (createProposer is not null && options.Proposer is null)
        {
            options.Proposer = createProposer(clients, createAdapter(clients), train, logger);
        }
    }

    private IGepaAdapter<TExample> LoopAdapter(ModelClients clients) =>
        ReflectionSignalAdapter.Wrap(createAdapter(clients), strategy switch
        {
            "scalar-only" => ReflectionSignal.ScoresOnly,
            "random-search" => ReflectionSignal.Blind,
            _ => ReflectionSignal.Feedback,
        });
}
