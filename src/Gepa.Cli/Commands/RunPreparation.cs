using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;
using Gepa.Cli.Running;

namespace Gepa.Cli.Commands;

/// <summary>The checks every run-type command makes before calling a model or writing a file: configuration, API keys,
/// datasets. Any failure here is bad input (exit code 2) and leaves nothing behind.</summary>
internal sealed class RunPreparation : IDisposable
{
    private RunPreparation(GepaRunConfig config, ChatRuntime runtime, ChatClientFactory factory, PreparedTask task)
    {
        Config = config;
        Runtime = runtime;
        Factory = factory;
        Task = task;
    }

    /// <summary>Gets the validated configuration.</summary>
    public GepaRunConfig Config { get; }

    /// <summary>Gets the shared chat services.</summary>
    public ChatRuntime Runtime { get; }

    /// <summary>Gets the client factory.</summary>
    public ChatClientFactory Factory { get; }

    /// <summary>Gets the task with its data loaded.</summary>
    public PreparedTask Task { get; }

    /// <summary>Loads and checks everything.</summary>
    /// <param name="configPath">The configuration file.</param>
    /// <param name="overrides">The <c>--set</c> overrides.</param>
    /// <param name="env">The environment.</param>
    /// <param name="redactor">Receives the resolved API keys.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The prepared run.</returns>
    /// <exception cref="ConfigException">The configuration or a dataset is bad.</exception>
    /// <exception cref="ProviderException">An API key variable is missing or a provider is unavailable.</exception>
    public static Task<RunPreparation> CreateAsync(string configPath, IReadOnlyList<string> overrides, CliEnvironment env, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(env);
        var path = Path.IsPathRooted(configPath) ? configPath : Path.Combine(env.WorkingDirectory, configPath);
        return CreateAsync(() => ConfigBinder.Load(path, overrides, configPath), env, redactor, cancellationToken);
    }

    /// <summary>Checks everything, with the configuration loaded by <paramref name="load"/> (a run directory's snapshot).</summary>
    /// <param name="load">Loads and validates the configuration.</param>
    /// <param name="env">The environment.</param>
    /// <param name="redactor">Receives the resolved API keys.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The prepared run.</returns>
    /// <exception cref="ConfigException">The configuration or a dataset is bad.</exception>
    /// <exception cref="ProviderException">An API key variable is missing or a provider is unavailable.</exception>
    public static async Task<RunPreparation> CreateAsync(Func<GepaRunConfig> load, CliEnvironment env, SecretRedactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(redactor);
        var config = load();
        var keys = new ApiKeyResolver(env.GetEnvironmentVariable);
        foreach (var model in config.Models)
        {
            redactor.Add(keys.Resolve(model));
        }

        var runtime = new ChatRuntime(config.ResponseCacheDirectory, env.TimeProvider)
        {
            RetryBaseDelay = env.RetryBaseDelay,
            ContainsSecret = redactor.ContainsSecret,
            RecordTelemetry = Telemetry.CliTelemetry.IsRequested(env.GetEnvironmentVariable),
        };
        try
        {
            var factory = new ChatClientFactory(runtime, keys);
            foreach (var model in config.Models)
            {
                factory.Check(model);
            }

            // The simulated world brings its own data and adapter; every other task goes through the environment's setup.
            ITaskSetup setup = config.IsRuleWorldTask ? RuleWorldTaskSetup.Instance : config.IsPipelineTask ? PipelineTaskSetup.Instance : env.TaskSetup;
            var task = await setup.PrepareAsync(config, cancellationToken);
            runtime.RegisterLimits(config);
            return new RunPreparation(config, runtime, factory, task);
        }
        catch
        {
            runtime.Dispose();
            throw;
        }
    }

    /// <summary>Builds the model pipelines.</summary>
    /// <returns>The clients.</returns>
    public ModelClients CreateClients() => new(
        Factory.Create(Config.TaskModel),
        Factory.Create(Config.ReflectionModel),
        Config.JudgeModel is { } judge ? Factory.Create(judge) : null)
    {
        Embedder = Config.Metric.Name == "semantic" ? Factory.CreateEmbeddingGenerator(Config.EmbeddingModel) : null,
    };

    /// <inheritdoc/>
    public void Dispose() => Runtime.Dispose();
}
