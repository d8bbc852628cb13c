using Orleans.Runtime;

namespace Gepa.Orleans;

/// <summary>Starts, watches and stops cluster runs from outside (or inside) the cluster. Every call is short: a run
/// never depends on a client's connection, and a client whose gateway dies just polls again.</summary>
/// <param name="grains">A connected cluster client or a silo's grain factory.</param>
public sealed class GepaClusterClient(IGrainFactory grains)
{
    private const int StartAttempts = 5;

    /// <summary>Starts a run (idempotent by run id). A start whose answer does not arrive in time (a cold cluster, a
    /// silo lost on the way) is sent again, which is safe because starting is idempotent.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="definition">The run definition's name on the coordinator silos.</param>
    /// <returns>The status.</returns>
    public async Task<GepaRunStatus> StartAsync(string runId, string definition)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Run(runId).StartAsync(definition);
            }
            catch (Exception ex) when (attempt < StartAttempts && ex is TimeoutException or SiloUnavailableException)
            {
                // Retried below: the run either started (the next call only returns its status) or did not.
            }
        }
    }

    /// <summary>Gets a run's status.</summary>
    /// <param name="runId">The run's id.</param>
    /// <returns>The status.</returns>
    public Task<GepaRunStatus> GetStatusAsync(string runId) => Run(runId).GetStatusAsync();

    /// <summary>Asks a run to stop.</summary>
    /// <param name="runId">The run's id.</param>
    /// <returns>The status.</returns>
    public Task<GepaRunStatus> StopAsync(string runId) => Run(runId).StopAsync();

    /// <summary>Lists the runs started on the cluster, oldest first.</summary>
    /// <returns>Their ids.</returns>
    public Task<IReadOnlyList<string>> ListRunsAsync() => grains.GetGrain<IGepaRunRegistryGrain>(0).ListAsync();

    /// <summary>Polls a run until it is finished, tolerating lost gateways and moving grains.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="pollInterval">The pause between polls.</param>
    /// <param name="onStatus">Called with each status, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the run goes on).</param>
    /// <returns>The final status.</returns>
    public async Task<GepaRunStatus> WaitAsync(string runId, TimeSpan pollInterval, Action<GepaRunStatus>? onStatus = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                // A poll routed to a silo that just died may never be answered: give up on it and poll again.
                var status = await GetStatusAsync(runId).WaitAsync(GepaClusterConstants.PollTimeout, cancellationToken);
                onStatus?.Invoke(status);
                if (status.IsFinished)
                {
                    return status;
                }
            }
            catch (Exception ex) when (ex is not ArgumentException && !cancellationToken.IsCancellationRequested)
            {
                // A gateway or the run's silo was lost; the next poll re-activates the run elsewhere.
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private IGepaRunGrain Run(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return grains.GetGrain<IGepaRunGrain>(runId);
    }
}
