using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Gepa.Orleans;

/// <summary>The run grain: the GEPA loop runs on the thread pool (so the grain answers polls while it works) and talks
/// back to its grain only through short calls that persist a checkpoint or the end of the run.</summary>
internal sealed partial class GepaRunGrain(
    [PersistentState("run", GepaClusterConstants.StorageName)] IPersistentState<GepaRunRecord> record,
    GepaCoordinatorOptions coordinator,
    ILocalSiloDetails silo,
    ILogger<GepaRunGrain> logger) : Grain, IGepaRunGrain, IDisposable
{
    private RolloutLedger _ledger = new();
    private CancellationTokenSource? _stop;
    private bool _deactivating;

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var run = record.State;
        if (run.State is GepaRunState.Running or GepaRunState.Stopping)
        {
            // The grain moved (its silo was lost) or was collected mid-run: resume from the last checkpoint.
            run.Resumes++;
            var id = this.GetPrimaryKeyString();
            LogResume(logger, id, run.Iteration, silo.Name);
            StartLoop();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating = true;
        _stop?.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _stop?.Dispose();

    /// <inheritdoc/>
    public async Task<GepaRunStatus> StartAsync(string definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(definition);
        var run = record.State;
        if (run.State != GepaRunState.NotStarted)
        {
            if (!string.Equals(run.Definition, definition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Run '{this.GetPrimaryKeyString()}' already exists with definition '{run.Definition}'; choose another run id.", nameof(definition));
            }

            return Status();
        }

        if (!coordinator.Definitions.ContainsKey(definition))
        {
            throw new ArgumentException($"No run definition named '{definition}' is registered on silo {silo.Name} (registered: {string.Join(", ", coordinator.Definitions.Keys)}).", nameof(definition));
        }

        run.Definition = definition;
        run.State = GepaRunState.Running;
        await GrainFactory.GetGrain<IGepaRunRegistryGrain>(0).AddAsync(this.GetPrimaryKeyString());
        await record.WriteStateAsync();
        StartLoop();
        return Status();
    }

    /// <inheritdoc/>
    public Task<GepaRunStatus> GetStatusAsync() => Task.FromResult(Status());

    /// <inheritdoc/>
    public async Task<GepaRunStatus> StopAsync()
    {
        if (record.State.State == GepaRunState.Running)
        {
            record.State.State = GepaRunState.Stopping;
            await record.WriteStateAsync();
            _stop?.Cancel();
        }

        return Status();
    }

    /// <inheritdoc/>
    public async Task SaveCheckpointAsync(int iteration, string checkpointJson, RolloutCounters counters)
    {
        var run = record.State;
        if (run.State is not (GepaRunState.Running or GepaRunState.Stopping))
        {
            return;
        }

        run.Iteration = iteration;
        run.CheckpointJson = checkpointJson;
        run.Counters = counters;
        await record.WriteStateAsync();
    }

    /// <inheritdoc/>
    public async Task FinishAsync(GepaRunState state, GepaRunSummary? summary, string? failure, RolloutCounters counters)
    {
        var run = record.State;
        run.State = state;
        run.Summary = summary;
        run.Error = failure;
        run.Counters = counters;
        await record.WriteStateAsync();
        var id = this.GetPrimaryKeyString();
        LogFinished(logger, id, state, counters.Rollouts, counters.Executions, counters.WastedExecutions);
    }

    private GepaRunStatus Status()
    {
        var run = record.State;
        return new GepaRunStatus
        {
            RunId = this.GetPrimaryKeyString(),
            Definition = run.Definition,
            State = run.State,
            Iteration = run.Iteration,
            Counters = run.Summary is null && _stop is not null ? _ledger.Snapshot() : run.Counters ?? new RolloutCounters(),
            Host = silo.Name,
            Summary = run.Summary,
            Error = run.Error,
            Resumes = run.Resumes,
        };
    }

    private void StartLoop()
    {
        var run = record.State;
        var definition = coordinator.Definitions.GetValueOrDefault(run.Definition);
        var self = this.AsReference<IGepaRunGrain>();
        var runId = this.GetPrimaryKeyString();
        _stop = new CancellationTokenSource();
        if (run.State == GepaRunState.Stopping)
        {
            _stop.Cancel();
        }

        _ledger = coordinator.LedgerStore is { } store ? new RolloutLedger(store, runId) : new RolloutLedger();
        GepaCheckpoint? checkpoint = null;
        RolloutCounters? restored = null;
        if (run.CheckpointJson is { } json)
        {
            checkpoint = JsonSerializer.Deserialize<GepaCheckpoint>(json);
            restored = run.Counters;
        }

        // The loop must not keep this activation from being collected only while it is idle; it is never idle.
        DelayDeactivation(TimeSpan.FromDays(3650));
        var context = new GepaClusterRunContext
        {
            RunId = runId,
            Checkpoint = checkpoint,
            Ledger = _ledger,
            Grains = GrainFactory,
            SaveCheckpoint = cp => new ValueTask(self.SaveCheckpointAsync(cp.Iteration, JsonSerializer.Serialize(cp), _ledger.Snapshot())),
            Logger = logger,
            CancellationToken = _stop.Token,
        };
        _ = Task.Run(() => LoopAsync(definition, context, restored, self));
    }

    private async Task LoopAsync(IGepaRunDefinition? definition, GepaClusterRunContext context, RolloutCounters? restored, IGepaRunGrain self)
    {
        GepaRunState state;
        GepaRunSummary? summary = null;
        string? error = null;
        try
        {
            if (definition is null)
            {
                throw new InvalidOperationException($"No run definition named '{record.State.Definition}' is registered on silo {silo.Name}.");
            }

            if (restored is not null)
            {
                await _ledger.RestoreAsync(restored, context.CancellationToken);
            }

            var result = await definition.RunAsync(context);
            summary = GepaRunSummary.From(result);
            state = result.StopReason == GepaStopReason.Cancelled ? GepaRunState.Stopped : GepaRunState.Completed;
        }
#pragma warning disable CA1031 // Whatever ended the run is reported in its status, not lost on the thread pool.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            state = GepaRunState.Failed;
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        if (_deactivating)
        {
            return; // The activation is going away; the next activation resumes from the checkpoint.
        }

        try
        {
            await self.FinishAsync(state, summary, error, _ledger.Snapshot());
        }
#pragma warning disable CA1031 // The silo is shutting down; the next activation resumes from the checkpoint.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFinishLost(logger, context.RunId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumes from iteration {Iteration} on silo {Silo}")]
    private static partial void LogResume(ILogger logger, string runId, int iteration, string silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {State}: {Rollouts} rollouts, {Executions} executions, {Wasted} wasted")]
    private static partial void LogFinished(ILogger logger, string runId, GepaRunState state, long rollouts, long executions, long wasted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} finished but its end could not be recorded: {Message}")]
    private static partial void LogFinishLost(ILogger logger, string runId, string message);
}
