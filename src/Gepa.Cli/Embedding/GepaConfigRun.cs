using System.Security.Cryptography;
using System.Text;
using Gepa.Cli.Configuration;
using Gepa.Cli.Providers;
using Gepa.Cli.Running;
using Gepa.Cli.Runs;
using Microsoft.Extensions.AI;

namespace Gepa.Cli;

/// <summary>A <c>gepa</c> configuration file loaded and checked as <c>gepa optimize</c> loads it, for a host that runs it
/// with a loop of its own: the <c>gepa-cluster</c> tool runs its rollouts on worker silos and its GEPA loop in a run
/// grain. It gives the run's engine settings, seed, data and adapter; the model clients are built from this process's
/// own environment (API keys are read here and go nowhere else).</summary>
/// <remarks>What <c>gepa optimize</c> does around the loop (the run directory, progress, reports, memory) is not part
/// of it: a configuration with a <c>memory</c> section or <c>strategy: best-of-n</c> is refused.</remarks>
public sealed class GepaConfigRun : IDisposable
{
    private readonly GepaRunConfig _config;
    private readonly PreparedTask _task;
    private readonly ChatRuntime _runtime;
    private readonly ChatClientFactory _factory;
    private readonly List<ModelClients> _clients = [];

    private GepaConfigRun(GepaRunConfig config, PreparedTask task, Func<string, string?> environment)
    {
        _config = config;
        _task = task;
        _runtime = new ChatRuntime(config.ResponseCacheDirectory);
        _runtime.RegisterLimits(config);
        _factory = new ChatClientFactory(_runtime, new ApiKeyResolver(environment));
        Fingerprint = ComputeFingerprint(config);
    }

    /// <summary>Gets the configuration file's path as it was given.</summary>
    public string ConfigPath => _config.ConfigPath;

    /// <summary>Gets a digest of every setting that decides the run's course (datasets and files by their contents, the
    /// seed, the engine, the models; not where output goes): two processes that load the same configuration with the
    /// same data get the same fingerprint, on any machine and under any path.</summary>
    public string Fingerprint { get; }

    /// <summary>Gets the seed candidate.</summary>
    public Candidate Seed => new(_config.SeedCandidate);

    /// <summary>Gets the number of training examples.</summary>
    public int TrainCount => _task.TrainCount;

    /// <summary>Gets the number of validation examples.</summary>
    public int ValCount => _task.ValCount;

    /// <summary>Gets the task model's identity (provider, address and model; never a key), the name its cluster-wide
    /// rate limit goes by.</summary>
    public string TaskModelKey => _config.TaskModel.ModelKey;

    /// <summary>Gets the task model's price, when the configuration gives one.</summary>
    public ModelPrice? TaskModelPrice => _config.TaskModel.Price;

    /// <summary>Loads and checks a configuration file and its datasets, calling no model and reading no API key.</summary>
    /// <param name="configPath">The configuration file.</param>
    /// <param name="overrides">The <c>--set key=value</c> overrides.</param>
    /// <param name="environment">Reads an environment variable (API keys are read from it when clients are built), or
    /// <see langword="null"/> for the process's own.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The loaded run.</returns>
    /// <exception cref="GepaConfigException">The configuration or a dataset is bad, or it cannot run on a host of its
    /// own; the message names the file, line and key.</exception>
    public static async Task<GepaConfigRun> LoadAsync(string configPath, IReadOnlyList<string> overrides, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configPath);
        ArgumentNullException.ThrowIfNull(overrides);
        try
        {
            var config = ConfigBinder.Load(Path.GetFullPath(configPath), overrides, configPath);
            if (config.Strategy == "best-of-n")
            {
                throw new GepaConfigException($"{config.ConfigPath}: strategy: best-of-n is a baseline for gepa bench; a cluster runs strategy: gepa, scalar-only or random-search.");
            }

            if (config.Memory is not null)
            {
                throw new GepaConfigException($"{config.ConfigPath}: memory: a run with a memory bank runs on one machine (gepa optimize without --cluster); remove the memory section to run it on a cluster.");
            }

            ITaskSetup setup = config.IsRuleWorldTask ? RuleWorldTaskSetup.Instance : config.IsPipelineTask ? PipelineTaskSetup.Instance : new ChatPromptTaskSetup();
            var task = await setup.PrepareAsync(config, cancellationToken);
            var run = new GepaConfigRun(config, task, environment ?? Environment.GetEnvironmentVariable);
            try
            {
                task.Validate(run.CreateOptions(), run.Seed);
            }
            catch (ArgumentException e)
            {
                run.Dispose();
                throw new GepaConfigException($"{config.ConfigPath}: engine: {ConfigKeyNames.FromOptionNames(e.Message)}", e);
            }

            return run;
        }
        catch (ConfigException e)
        {
            throw new GepaConfigException(e.Message, e);
        }
    }

    /// <summary>Creates the run's engine settings (a fresh instance each call, so callbacks are not shared).</summary>
    /// <returns>The settings.</returns>
    public GepaOptions CreateOptions() => EngineOptionsMapper.ToOptions(_config.Engine, _runtime.Usage);

    /// <summary>Builds the run's model clients from this process's environment and hands the run's data, adapter and
    /// reflection model to <paramref name="visitor"/>, with the example type the configuration's task uses.</summary>
    /// <typeparam name="TResult">What the visitor makes.</typeparam>
    /// <param name="visitor">Makes something of the run's parts (a rollout function, a run definition, a local run).</param>
    /// <param name="taskModel">Wraps the task model's provider client inside the retry stage (each attempt goes through it),
    /// or <see langword="null"/>.</param>
    /// <returns>What the visitor made.</returns>
    /// <exception cref="GepaConfigException">An API key variable is not set or a provider is unknown.</exception>
    public TResult Accept<TResult>(IGepaConfigRunVisitor<TResult> visitor, GepaTaskModelHooks? taskModel = null)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ModelClients clients;
        try
        {
            clients = new ModelClients(
                _factory.Create(_config.TaskModel, taskModel?.WrapProvider, taskModel?.OnRetry),
                _factory.Create(_config.ReflectionModel),
                _config.JudgeModel is { } judge ? _factory.Create(judge) : null)
            {
                Embedder = _config.Metric.Name == "semantic" ? _factory.CreateEmbeddingGenerator(_config.EmbeddingModel) : null,
            };
        }
        catch (ProviderException e)
        {
            throw new GepaConfigException(e.Message, e);
        }

        lock (_clients)
        {
            _clients.Add(clients);
        }

        return _task.Accept(visitor, clients, CreateOptions);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Dispose();
            }

            _clients.Clear();
        }

        _runtime.Dispose();
    }

    private static string ComputeFingerprint(GepaRunConfig config)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in RunConfigSnapshot.Fingerprint(config).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
