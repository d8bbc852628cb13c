using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gepa.Cli.Configuration;

namespace Gepa.Cli.Running;

/// <summary>The production task setup: the <c>chat-prompt</c> adapter over <see cref="ChatExample"/>s loaded with
/// <see cref="DatasetLoader"/>, scored by the configured metric.</summary>
/// <remarks>Compiled only when the chat-prompt adapter is part of the build (see Gepa.Cli.csproj).</remarks>
internal sealed class ChatPromptTaskSetup : ITaskSetup
{
    private static readonly Dictionary<string, string[]> MetricParameters = new(StringComparer.Ordinal)
    {
        ["contains"] = ["ignore-case"],
        ["exact"] = [],
        ["regex"] = ["pattern", "ignore-case"],
        ["numeric"] = ["tolerance", "relative-tolerance"],
        ["f1"] = [],
        ["json-field"] = ["field", "expected-field", "ignore-case"],
        ["llm-judge"] = ["prompt"],
        ["semantic"] = ["sentence-threshold"],
        ["self-consistency"] = ["samples"],
        ["evaluator"] = ["assembly", "type", "metric", "min", "max"],
    };

    /// <inheritdoc/>
    public async Task<PreparedTask> PrepareAsync(GepaRunConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var metricFactory = CheckMetric(config);
        var parallelism = AdapterParallelism(config);
        var splits = await LoadSplitsAsync(config, cancellationToken);
        return new PreparedTask<ChatExample>(
            splits.Train,
            splits.Validation,
            splits.Test,
            clients => SelfConsistencySamples(config) is { } samples
                ? SelfConsistentAdapter(clients, samples, parallelism)
                : new ChatPromptAdapter(clients.Task, metricFactory(clients), new ChatPromptAdapterOptions { MaxDegreeOfParallelism = parallelism }),
            e => new ExampleText(e.Id, e.Context is { } context ? $"{e.Input}\n\n[context] {context}" : e.Input, e.Answer),
            strategy: config.Strategy);
    }

    /// <summary>Loads the splits of the <c>dataset</c> section (also used by <c>task: pipeline</c>).</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The splits.</returns>
    /// <exception cref="ConfigException">A file or row is bad; the error names the file and line.</exception>
    internal static async Task<DatasetSplits> LoadSplitsAsync(GepaRunConfig config, CancellationToken cancellationToken)
    {
        var fields = new DatasetFieldMap
        {
            Input = config.Dataset.InputField,
            Answer = config.Dataset.AnswerField,
            Id = config.Dataset.IdField ?? DatasetFieldMap.Default.Id,
            Context = config.Dataset.ContextField ?? DatasetFieldMap.Default.Context,
        };
        var format = config.Dataset.Format switch
        {
            "jsonl" => DatasetFormat.JsonLines,
            "json" => DatasetFormat.JsonArray,
            "csv" => DatasetFormat.Csv,
            _ => DatasetFormat.Auto,
        };
        try
        {
            if (config.Dataset.File is { } file)
            {
                var all = await DatasetLoader.LoadAsync(file, fields, format, cancellationToken);
                return DatasetLoader.Split(all, config.Dataset.TrainRatio, config.Dataset.ValRatio, config.Dataset.TestRatio, config.Dataset.SplitSeed);
            }

            var train = await DatasetLoader.LoadAsync(config.Dataset.Train!, fields, format, cancellationToken);
            var val = await DatasetLoader.LoadAsync(config.Dataset.Val!, fields, format, cancellationToken);
            var test = config.Dataset.Test is { } t ? await DatasetLoader.LoadAsync(t, fields, format, cancellationToken) : [];
            return new DatasetSplits(train, val, test);
        }
        catch (DatasetException e)
        {
            throw ToConfigException(config, e);
        }
    }

    /// <summary>Turns a dataset error into a configuration error that names the file and line.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="e">The dataset error.</param>
    /// <returns>The configuration error.</returns>
    internal static ConfigException ToConfigException(GepaRunConfig config, DatasetException e)
    {
        var at = new SourceLocation(e.SourceName ?? config.ConfigPath, e.LineNumber ?? 0, e.LineNumber is null ? 0 : 1);
        var message = e.Message;
        var prefix = e.LineNumber is { } line ? $"{e.SourceName} line {line}: " : $"{e.SourceName}: ";
        return new ConfigException(new ConfigError(at, e.FieldName, message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message));
    }

    /// <summary>Builds the metric of the <c>metric</c> section, checking its parameters.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The metric factory.</returns>
    internal static Func<ModelClients, IChatMetric> CheckMetric(GepaRunConfig config)
    {
        var name = config.Metric.Name;
        var p = config.Metric.Parameters;
        var allowed = MetricParameters[name];
        foreach (var (key, _) in p)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var takes = allowed.Length == 0 ? "it takes no parameters" : "it takes: " + string.Join(", ", allowed);
                throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "metric.parameters." + key, $"unknown parameter for the '{name}' metric; {takes}."));
            }
        }

        bool Flag(string key, bool fallback) => p[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;
        double Number(string key, double fallback) => p[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : p[key] is JsonValue l && l.TryGetValue<long>(out var n) ? n : fallback;
        // The binder has checked each parameter's type where it was written; an unquoted 3 is still the text "3".
        string? Text(string key) => p[key] is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
        return name switch
        {
            "exact" => _ => ChatMetrics.Exact(),
            "regex" => _ => ChatMetrics.Regex(Text("pattern"), Flag("ignore-case", false) ? RegexOptions.IgnoreCase : RegexOptions.None),
            "numeric" => _ => ChatMetrics.Numeric(Number("tolerance", MetricConstants.DefaultAbsoluteTolerance), Number("relative-tolerance", MetricConstants.DefaultRelativeTolerance)),
            "f1" => _ => ChatMetrics.F1(),
            "json-field" => Text("field") is { } field
                ? _ => ChatMetrics.JsonField(field, Text("expected-field"), Flag("ignore-case", true))
                : throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "metric.parameters.field", "the json-field metric needs the path of the field to compare, for example parameters: {field: answer}.")),
            "llm-judge" => clients => ChatMetrics.LlmJudge(clients.Judge!, Text("prompt")),
            // Self-consistency samples the task model itself, so it wraps the adapter's client (SelfConsistentAdapter); a
            // program's steps have no single task call to sample.
            "self-consistency" => config.IsPipelineTask
                ? throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "metric.name", "self-consistency samples the task model of a chat-prompt task; it is not available with task: pipeline."))
                : _ => throw new InvalidOperationException("The self-consistency metric is built with its sampling client."),
            "semantic" => Number("sentence-threshold", SemanticSimilarityMetric.DefaultSentenceThreshold) is var threshold and >= 0 and <= 1
                // The clients carry the configured embedder (its failures stop the run, they are never a score); only a
                // host that builds none, with no embedding-model section, falls back to the built-in hashed embedder.
                ? clients => new SemanticSimilarityMetric(
                    clients.Embedder ?? (config.EmbeddingModel is null ? new HashedEmbeddingGenerator() : throw new InvalidOperationException("The semantic metric's embedder was not built.")),
                    threshold)
                : throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "metric.parameters.sentence-threshold", "expected a number from 0 to 1.")),
            "evaluator" => Evaluator(config, Text("assembly"), Text("type"), Text("metric"), Number("min", 1), Number("max", 5)),
            _ => _ => ChatMetrics.Contains(Flag("ignore-case", false)),
        };
    }

    /// <summary>Builds <c>metric.name: evaluator</c>: the user's IEvaluator is loaded now, so a bad assembly or type is refused
    /// before the run; an LLM-based evaluator judges with the <c>judge-model</c> section's model, when there is one.</summary>
    private static Func<ModelClients, IChatMetric> Evaluator(GepaRunConfig config, string? assembly, string? type, string? metric, double min, double max)
    {
        var at = new SourceLocation(config.ConfigPath, 0, 0);
        if (config.IsPipelineTask)
        {
            throw new ConfigException(new ConfigError(at, "metric.name", "the evaluator metric scores a chat-prompt task's reply; it is not available with task: pipeline."));
        }

        if (max <= min)
        {
            throw new ConfigException(new ConfigError(at, "metric.parameters.max", $"must be above metric.parameters.min ({min.ToString(System.Globalization.CultureInfo.InvariantCulture)}): the evaluator's numeric scale, 1 to 5 by default."));
        }

        var evaluator = EvaluatorLoader.Load(config.ConfigPath, assembly, type);
        if (metric is null && evaluator.EvaluationMetricNames.Count == 0)
        {
            throw new ConfigException(new ConfigError(at, "metric.parameters.metric", $"{evaluator.GetType().FullName} names no evaluation metric; say which of its metrics is the score."));
        }

        return clients => new EvaluatorMetric(evaluator, new EvaluatorMetricOptions
        {
            MetricName = metric,
            NumericMin = min,
            NumericMax = max,
            ChatConfiguration = clients.Judge is { } judge ? new Microsoft.Extensions.AI.Evaluation.ChatConfiguration(judge) : null,
        });
    }

    /// <summary>Reads the sample count of <c>metric.name: self-consistency</c>.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The samples per rollout, or <see langword="null"/> for any other metric.</returns>
    internal static int? SelfConsistencySamples(GepaRunConfig config) => config.Metric.Name != "self-consistency"
        ? null
        : config.Metric.Parameters["samples"] is JsonValue v && v.TryGetValue<long>(out var n) ? (int)n : SelfConsistencyDefaultSamples;

    /// <summary>The samples per rollout of the self-consistency metric when <c>samples</c> is not given.</summary>
    internal const int SelfConsistencyDefaultSamples = 5;

    private static ChatPromptAdapter SelfConsistentAdapter(ModelClients clients, int samples, int parallelism)
    {
        var ledger = new SelfConsistencyLedger();
        return new ChatPromptAdapter(new SelfConsistencyChatClient(clients.Task, samples, ledger), new SelfConsistencyMetric(ledger), new ChatPromptAdapterOptions { MaxDegreeOfParallelism = parallelism });
    }

    /// <summary>Reads <c>adapter.parameters.max-concurrency</c>.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The rollouts run at once.</returns>
    internal static int AdapterParallelism(GepaRunConfig config)
    {
        foreach (var (key, value) in config.Adapter.Parameters)
        {
            if (key != "max-concurrency")
            {
                throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "adapter.parameters." + key, "unknown parameter for the chat-prompt adapter; it takes: max-concurrency."));
            }

            if (value is not JsonValue v || !v.TryGetValue<long>(out var n) || n < 1)
            {
                throw new ConfigException(new ConfigError(new SourceLocation(config.ConfigPath, 0, 0), "adapter.parameters.max-concurrency", "expected a whole number ≥ 1."));
            }

            return (int)n;
        }

        return new ChatPromptAdapterOptions().MaxDegreeOfParallelism;
    }
}
