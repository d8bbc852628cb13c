using Gepa.Simulation;

namespace Gepa.Cli.Configuration;

/// <summary>A fully validated configuration: every file it names exists and every value is in range.</summary>
internal sealed record GepaRunConfig
{
    /// <summary>Gets the configuration file as the user named it.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>Gets the directory relative paths are resolved against (the configuration file's).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>Gets the task model.</summary>
    public required ModelConfig TaskModel { get; init; }

    /// <summary>Gets the reflection model.</summary>
    public required ModelConfig ReflectionModel { get; init; }

    /// <summary>Gets the judge model, when the metric needs one.</summary>
    public ModelConfig? JudgeModel { get; init; }

    /// <summary>Gets the embedding model of memory retrieval and the semantic metric, or <see langword="null"/> for the
    /// built-in hashed embedder (<c>embedding-model.provider: hashed</c>, the default).</summary>
    public ModelConfig? EmbeddingModel { get; init; }

    /// <summary>Gets what is optimized: <c>chat-prompt</c> (the dataset, adapter and metric sections) or
    /// <c>rule-world</c> (the simulated world of <see cref="World"/>).</summary>
    public string Task { get; init; } = "chat-prompt";

    /// <summary>Gets how candidates are proposed: <c>gepa</c>, or a baseline (<c>scalar-only</c>, <c>random-search</c>,
    /// <c>best-of-n</c>); see <see cref="ConfigSchema.Strategies"/>.</summary>
    public string Strategy { get; init; } = "gepa";

    /// <summary>Gets the parameters of the simulated RuleWorld, when the task or a model uses it; otherwise
    /// <see langword="null"/>.</summary>
    public RuleWorldOptions? World { get; init; }

    /// <summary>Gets the declared program of <c>task: pipeline</c>; otherwise <see langword="null"/>.</summary>
    public PipelineConfig? Pipeline { get; init; }

    /// <summary>Gets the dataset settings (empty with <c>task: rule-world</c>, whose world has its own splits).</summary>
    public required DatasetConfig Dataset { get; init; }

    /// <summary>Gets the adapter.</summary>
    public required NamedSettings Adapter { get; init; }

    /// <summary>Gets the metric.</summary>
    public required NamedSettings Metric { get; init; }

    /// <summary>Gets the seed candidate's components, in order, with their texts.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> SeedCandidate { get; init; }

    /// <summary>Gets the engine settings.</summary>
    public required EngineSettings Engine { get; init; }

    /// <summary>Gets the full path of the run directory, or <see langword="null"/> for a fresh <c>runs/&lt;time&gt;</c>.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Gets how often, at most, the run directory writes a checkpoint (<c>output.checkpoint-interval</c>).</summary>
    public TimeSpan CheckpointInterval { get; init; } = GepaRunDirectoryConstants.DefaultCheckpointInterval;

    /// <summary>Gets the full path of the response cache directory, or <see langword="null"/> when caching is off.</summary>
    public string? ResponseCacheDirectory { get; init; }

    /// <summary>Gets the MLflow tracking settings, when <c>tracking.mlflow.uri</c> is set.</summary>
    public MlflowSettings? Mlflow { get; init; }

    /// <summary>Gets the memory settings, when <c>memory.enabled</c> is true; otherwise <see langword="null"/>.</summary>
    public MemorySettings? Memory { get; init; }

    /// <summary>Gets the configuration tree as loaded, with the <c>--set</c> overrides applied (a run directory keeps a
    /// snapshot of it).</summary>
    public ConfigMap? Source { get; init; }

    /// <summary>Gets whether the task is the simulated RuleWorld.</summary>
    public bool IsRuleWorldTask => Task == "rule-world";

    /// <summary>Gets whether the task is a program declared in the <c>pipeline</c> section.</summary>
    public bool IsPipelineTask => Task == "pipeline";

    /// <summary>Gets whether a model is the simulated multi-hop task or reflection model.</summary>
    public bool UsesMultiHopSimulation => Models.Any(m => m.Provider == "multihop-sim");

    /// <summary>Gets whether anything of this run is simulated: the RuleWorld task, a <c>rule-world</c> provider, or a
    /// model served by <c>gepa sim serve</c> (model id <c>rule-world-task</c> or <c>rule-world-reflect</c>).</summary>
    public bool UsesSimulation => IsRuleWorldTask || UsesMultiHopSimulation || Models.Any(m => m.Provider == "rule-world"
        || m.Model is RuleWorldConstants.TaskModelId or RuleWorldConstants.ReflectionModelId);

    /// <summary>Gets every model role that is configured.</summary>
    /// <remarks>The embedding model is one of them, so that its key is checked and redacted like the others.</remarks>
    public IEnumerable<ModelConfig> Models => new[] { TaskModel, ReflectionModel, JudgeModel, EmbeddingModel }.OfType<ModelConfig>();
}
