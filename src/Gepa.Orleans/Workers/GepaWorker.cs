namespace Gepa.Orleans;

/// <summary>One silo's rollout worker: its gate (at most <see cref="GepaWorkerOptions.MaxConcurrentBatches"/> batches
/// at once) and its rollout functions, resolved by name.</summary>
public sealed class GepaWorker : IDisposable
{
    private readonly GepaWorkerOptions _options;
    private readonly Dictionary<string, IRolloutFunction> _functions;
    private readonly SemaphoreSlim _gate;
    private long _batches;
    private long _rollouts;

    /// <summary>Initializes a worker.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="siloName">The name this silo reports in results.</param>
    /// <param name="services">The silo's services, for functions registered with a factory, or <see langword="null"/>.</param>
    public GepaWorker(GepaWorkerOptions options, string siloName, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _functions = new Dictionary<string, IRolloutFunction>(options.Functions, StringComparer.Ordinal);
        foreach (var (name, made) in options.FactoriesOrEmpty(services))
        {
            _functions[name] = made;
        }

        _gate = new SemaphoreSlim(options.MaxConcurrentBatches, options.MaxConcurrentBatches);
        SiloName = siloName;
    }

    /// <summary>Gets the name this silo reports in results.</summary>
    public string SiloName { get; }

    /// <summary>Gets how many batches this silo has started.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Gets how many rollouts this silo has started.</summary>
    public long Rollouts => Interlocked.Read(ref _rollouts);

    /// <summary>Releases the gate.</summary>
    public void Dispose() => _gate.Dispose();

    /// <summary>Runs one batch behind the silo's gate. An exception from the rollout function comes back as the
    /// result's error (a real, charged evaluation); an unknown function is an error too.</summary>
    /// <param name="request">The batch.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The results, stamped with this silo's name.</returns>
    public async Task<RolloutBatchResult> RunAsync(RolloutBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_functions.TryGetValue(request.Function, out var function))
        {
            return new RolloutBatchResult
            {
                Error = $"This worker serves no rollout function named '{request.Function}' (it serves: {string.Join(", ", _functions.Keys)}).",
                Silo = SiloName,
            };
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _rollouts, request.ExampleIds.Count);
            var result = await function.RunAsync(request, cancellationToken);
            return result with { Silo = SiloName };
        }
#pragma warning disable CA1031 // A rollout function's failure is the evaluation's result, reported to the run.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new RolloutBatchResult { Error = $"{ex.GetType().Name}: {ex.Message}", Silo = SiloName };
        }
        finally
        {
            _gate.Release();
        }
    }
}
