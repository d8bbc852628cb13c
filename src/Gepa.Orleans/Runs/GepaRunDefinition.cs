using Microsoft.Extensions.AI;

namespace Gepa.Orleans;

/// <summary>A run definition made of ordinary parts: an adapter (its coordinator half builds reflective datasets and
/// reads the workers' JSON), a reflection model, settings, a seed and the data. Rollouts go to the workers' function
/// named <paramref name="function"/>.</summary>
/// <typeparam name="TExample">The type of one task example.</typeparam>
/// <param name="function">The rollout function's name on the workers.</param>
/// <param name="adapter">The adapter; it must implement <see cref="IEvaluationSerializer"/>.</param>
/// <param name="reflectionClient">The reflection model.</param>
/// <param name="options">Makes the run settings (a fresh instance per run, so callbacks are not shared).</param>
/// <param name="seed">The seed candidate.</param>
/// <param name="trainset">The training examples.</param>
/// <param name="valset">The validation examples, or <see langword="null"/> to validate on the trainset.</param>
/// <param name="dispatch">How rollouts are dispatched, or <see langword="null"/> for the defaults.</param>
public sealed class GepaRunDefinition<TExample>(
    string function,
    IGepaAdapter<TExample> adapter,
    IChatClient reflectionClient,
    Func<GepaOptions> options,
    Candidate seed,
    IReadOnlyList<TExample> trainset,
    IReadOnlyList<TExample>? valset = null,
    ClusterRolloutOptions? dispatch = null) : IGepaRunDefinition
{
    /// <inheritdoc/>
    public async Task<GepaResult> RunAsync(GepaClusterRunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var serializer = adapter as IEvaluationSerializer
            ?? throw new InvalidOperationException($"The adapter {adapter.GetType().Name} must implement IEvaluationSerializer to run on a cluster.");
        var settings = options();
        // Subscribed after the user's own handlers, so the grain stores a checkpoint once they have seen it.
        settings.Callbacks.OnCheckpoint.Subscribe(context.SaveCheckpoint);
        using var executor = new ClusterRolloutExecutor<TExample>(context.Grains, function, serializer, context.Ledger, dispatch ?? new ClusterRolloutOptions(), context.Logger);
        var optimizer = new GepaOptimizer<TExample>(adapter, reflectionClient, settings, executor, context.Logger);
        return context.Checkpoint is { } checkpoint
            ? await optimizer.ResumeAsync(checkpoint, trainset, valset, context.CancellationToken)
            : await optimizer.OptimizeAsync(seed, trainset, valset, context.CancellationToken);
    }
}
