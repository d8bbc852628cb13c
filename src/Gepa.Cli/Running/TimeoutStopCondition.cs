namespace Gepa.Cli.Running;

/// <summary>Stops the run after a wall-clock limit (<c>engine.stop.timeout</c>).</summary>
/// <param name="limit">The limit.</param>
internal sealed class TimeoutStopCondition(TimeSpan limit) : IStopCondition
{
    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context) =>
        context.Elapsed >= limit ? $"the time limit of {limit} is reached" : null;
}
