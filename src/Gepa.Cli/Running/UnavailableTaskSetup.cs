using Gepa.Cli.Configuration;

namespace Gepa.Cli.Running;

/// <summary>The task setup used until the chat-prompt adapter and the dataset loaders are part of the build: it reports,
/// as bad input, that the adapter is not available. The command line, configuration, providers and engine are real.</summary>
internal sealed class UnavailableTaskSetup : ITaskSetup
{
    /// <inheritdoc/>
    public Task<PreparedTask> PrepareAsync(GepaRunConfig config, CancellationToken cancellationToken) =>
        throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "adapter.name", $"the '{config.Adapter.Name}' adapter is not available in this build yet."));
}
