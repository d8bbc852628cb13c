namespace Gepa.Cli.Running;

/// <summary>Stops the run gracefully when a file appears (<c>engine.stop.stop-file</c>), so a user or a script can end it
/// between iterations without losing the result.</summary>
/// <param name="path">The full path of the file.</param>
internal sealed class StopFileStopCondition(string path) : IStopCondition
{
    /// <inheritdoc/>
    public string? ShouldStop(in StopContext context) => File.Exists(path) ? $"the stop file {path} appeared" : null;
}
