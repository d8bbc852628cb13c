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
internal sealed class PreparedTask<TExample>(
    IReadOnlyList<TExample> train,
    IReadOnlyList<TExample> val,
    IReadOnlyList<TExample> test,
    Func<ModelClients, IGepaAdapter<TExample>> createAdapter,
    Func<TExample, ExampleText>? describe = null) : PreparedTask
{
    /// <inheritdoc/>
    public override int TrainCount => train.Count;

    /// <inheritdoc/>
    public override int ValCount => val.Count;

    /// <inheritdoc/>
    public override int TestCount => test.Count;

    /// <inheritdoc/>
    public override Task<GepaResult> OptimizeAsync(ModelClients clients, Candidate seed, GepaOptions options, ILogger? logger, CancellationToken cancellationToken) =>
        new GepaOptimizer<TExample>(createAdapter(clients), clients.Reflection, options, logger).OptimizeAsync(seed, train, val, cancellationToken);

    /// <inheritdoc/>
    public override Task<GepaResult> RunAsync(ModelClients clients, Candidate seed, GepaOptions options, GepaRunDirectory directory, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var adapter = createAdapter(clients);
        if (describe is not null)
        {
            var capture = new ExampleCapture<TExample>(val, describe);
            if (directory.State is { } state)
            {
                capture.Restore(GepaRunDirectory.ReadExamples(directory.FullPath), [.. state.Checkpoint.Candidates.Select(c => c.ToCandidate())]);
            }

            adapter = capture.Wrap(adapter);
            directory.Examples = capture.Results;
        }

        return directory.RunAsync(new GepaOptimizer<TExample>(adapter, clients.Reflection, options, logger), seed, train, val, cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task<EvaluationBatch> EvaluateAsync(ModelClients clients, Candidate candidate, string split, CancellationToken cancellationToken)
    {
        var examples = split switch
        {
            "train" => train,
            "val" => val,
            _ => test,
        };
        return await createAdapter(clients).EvaluateAsync(examples, candidate, captureTraces: false, cancellationToken);
    }
}
