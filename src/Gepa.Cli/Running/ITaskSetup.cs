using Gepa.Cli.Configuration;

namespace Gepa.Cli.Running;

/// <summary>Loads a run's data and knows how to build its adapter: the seam between the command line and the adapter,
/// metric and dataset loaders (the <c>adapter</c>, <c>metric</c> and <c>dataset</c> sections).</summary>
internal interface ITaskSetup
{
    /// <summary>Loads and checks the datasets of <paramref name="config"/>, calling no model.</summary>
    /// <param name="config">The validated configuration.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The prepared task.</returns>
    /// <exception cref="ConfigException">A dataset file or row is bad; the error names the file and line.</exception>
    Task<PreparedTask> PrepareAsync(GepaRunConfig config, CancellationToken cancellationToken);
}
