using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Configuration;

namespace Gepa.Cli.Anything;

/// <summary>Reads a <c>gepa optimize-anything</c> task file (YAML or JSON), reporting every problem with its file, line and key.</summary>
internal sealed class AnythingTaskLoader
{
    /// <summary>The top-level keys.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "objective", "background", "seed", "seed-file", "evaluator", "dataset", "valset", "testset", "engine", "max-evaluations",
        "max-concurrency", "max-consecutive-failures", "stop-at-score", "reference-prompts", "engine-seed", "minibatch-size", "reflection-model",
        "checkpoint-interval",
    ];

    /// <summary>The keys of the <c>evaluator</c> section.</summary>
    public static readonly IReadOnlyList<string> EvaluatorKeys = ["command", "candidate", "timeout", "working-directory", "env"];

    /// <summary>The keys of the <c>reflection-model</c> section.</summary>
    public static readonly IReadOnlyList<string> ModelKeys = ["provider", "model", "base-url", "deployment", "api-key-env", "temperature", "max-output-tokens", "reasoning-effort", "timeout", "retries", "max-concurrency"];

    private readonly string _file;
    private readonly string _display;
    private readonly string _baseDirectory;
    private readonly List<ConfigError> _errors = [];

    private AnythingTaskLoader(string file, string display)
    {
        _file = file;
        _display = display;
        _baseDirectory = Path.GetDirectoryName(file)!;
    }

    /// <summary>Loads and checks a task file.</summary>
    /// <param name="file">The absolute path.</param>
    /// <param name="display">The name used in messages.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ConfigException">The file is missing or malformed, or a key is wrong; every problem is listed.</exception>
    public static AnythingTask Load(string file, string display)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(display, 0, 0), null, $"the task file cannot be read: {e.Message}"));
        }

        var root = ConfigDocumentLoader.Load(text, display);
        return new AnythingTaskLoader(file, display).Bind(root);
    }

    private AnythingTask Bind(ConfigMap root)
    {
        CheckKeys(root, Keys, "");
        var evaluator = root.Entries.TryGetValue("evaluator", out var ev) ? ev.Value as ConfigMap : null;
        if (evaluator is null)
        {
            Error(ev?.KeyLocation ?? root.Location, "evaluator", "missing section; say how candidates are scored, for example evaluator: { command: [python3, eval.py] }.");
        }
        else
        {
            CheckKeys(evaluator, EvaluatorKeys, "evaluator.");
        }

        var command = evaluator is null ? [] : Command(evaluator);
        var seed = Text(root, "seed");
        if (Text(root, "seed-file") is { } seedFile)
        {
            if (seed is not null)
            {
                Error(root.Entries["seed-file"].KeyLocation, "seed-file", "give seed or seed-file, not both.");
            }

            seed = ReadFile(root.Entries["seed-file"], "seed-file", seedFile);
        }

        var objective = Text(root, "objective");
        if (seed is null && string.IsNullOrWhiteSpace(objective))
        {
            Error(root.Location, "seed", "missing; give a seed (or seed-file), or an objective from which the reflection model writes the first candidate.");
        }

        var splits = new Dictionary<string, string>(StringComparer.Ordinal);
        var dataset = Split(root, "dataset", splits);
        var valset = Split(root, "valset", splits);
        var testset = Split(root, "testset", splits);
        if (dataset is null && (valset is not null || testset is not null))
        {
            Error(root.Location, "dataset", "missing; valset and testset need a dataset (without one the task is a single-task search).");
        }

        var engine = Text(root, "engine") ?? OptimizeAnythingConstants.GepaEngine;
        if (engine is not (OptimizeAnythingConstants.GepaEngine or OptimizeAnythingConstants.BestOfNEngine))
        {
            Error(root.Entries["engine"].KeyLocation, "engine", $"'{engine}' is not an engine; use {OptimizeAnythingConstants.GepaEngine} or {OptimizeAnythingConstants.BestOfNEngine}.");
        }

        var candidateInput = CommandCandidateInput.Stdin;
        if (evaluator is not null && Text(evaluator, "candidate") is { } input)
        {
            candidateInput = input switch
            {
                "stdin" => CommandCandidateInput.Stdin,
                "file" => CommandCandidateInput.File,
                _ => Fail(evaluator.Entries["candidate"].KeyLocation, "evaluator.candidate", $"'{input}' is not stdin or file.", CommandCandidateInput.Stdin),
            };
        }

        var timeout = evaluator is null ? null : Duration(evaluator, "timeout", "evaluator.timeout");
        var workDir = evaluator is null ? null : Text(evaluator, "working-directory");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (evaluator is not null && evaluator.Entries.TryGetValue("env", out var envEntry))
        {
            if (envEntry.Value is ConfigMap envMap)
            {
                foreach (var (k, v) in envMap.Entries)
                {
                    env[k] = (v.Value as ConfigScalar)?.Value ?? "";
                }
            }
            else
            {
                Error(envEntry.KeyLocation, "evaluator.env", "must be a mapping of variable name to value.");
            }
        }

        var model = Model(root);
        var task = new AnythingTask
        {
            File = _file,
            Objective = objective,
            Background = Text(root, "background"),
            Seed = seed,
            Command = command,
            CandidateInput = candidateInput,
            Timeout = timeout ?? CommandEvaluatorOptions.DefaultTimeout,
            WorkingDirectory = workDir is null ? _baseDirectory : Path.GetFullPath(Path.Combine(_baseDirectory, workDir)),
            Environment = env,
            Dataset = dataset,
            Valset = valset,
            Testset = testset,
            SplitFiles = splits,
            Engine = engine,
            MaxEvaluations = Int(root, "max-evaluations", 1, int.MaxValue) ?? OptimizeAnythingConstants.DefaultMaxEvaluations,
            MaxConcurrency = Int(root, "max-concurrency", 1, 1024) ?? 4,
            MaxConsecutiveFailures = Int(root, "max-consecutive-failures", 1, int.MaxValue) ?? OptimizeAnythingConstants.DefaultMaxConsecutiveEvaluatorFailures,
            StopAtScore = Number(root, "stop-at-score"),
            ReferencePrompts = Bool(root, "reference-prompts") ?? false,
            EngineSeed = Int(root, "engine-seed", int.MinValue, int.MaxValue) ?? 0,
            MinibatchSize = Int(root, "minibatch-size", 1, 10_000),
            CheckpointInterval = CheckpointInterval(root) ?? GepaRunDirectoryConstants.DefaultCheckpointInterval,
            ReflectionModel = model!,
        };
        if (_errors.Count > 0)
        {
            throw new ConfigException(_errors);
        }

        return task;
    }

    /// <summary>Writes the task as JSON with absolute paths: the run directory's snapshot, from which a run is resumed.</summary>
    public static JsonObject Snapshot(AnythingTask t)
    {
        var m = t.ReflectionModel;
        var model = new JsonObject { ["provider"] = m.Provider, ["model"] = m.Model };
        if (m.BaseUrl is not null)
        {
            model["base-url"] = m.BaseUrl.ToString();
        }

        if (m.Deployment is not null)
        {
            model["deployment"] = m.Deployment;
        }

        if (m.ApiKeyEnv is not null)
        {
            model["api-key-env"] = m.ApiKeyEnv;
        }

        if (m.Temperature is { } temp)
        {
            model["temperature"] = temp;
        }

        if (m.MaxOutputTokens is { } max)
        {
            model["max-output-tokens"] = max;
        }

        model["timeout"] = t.ReflectionModel.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
        model["retries"] = m.Retries;
        var o = new JsonObject
        {
            ["objective"] = t.Objective,
            ["background"] = t.Background,
            ["seed"] = t.Seed,
            ["evaluator"] = new JsonObject
            {
                ["command"] = new JsonArray([.. t.Command.Select(c => (JsonNode?)c)]),
                ["candidate"] = t.CandidateInput == CommandCandidateInput.File ? "file" : "stdin",
                ["timeout"] = t.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s",
                ["working-directory"] = t.WorkingDirectory,
                ["env"] = new JsonObject([.. t.Environment.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]),
            },
            ["engine"] = t.Engine,
            ["max-evaluations"] = t.MaxEvaluations,
            ["max-concurrency"] = t.MaxConcurrency,
            ["max-consecutive-failures"] = t.MaxConsecutiveFailures,
            ["reference-prompts"] = t.ReferencePrompts,
            ["engine-seed"] = t.EngineSeed,
            ["checkpoint-interval"] = t.CheckpointInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s",
            ["reflection-model"] = model,
        };
        foreach (var (k, v) in t.SplitFiles)
        {
            o[k] = v;
        }

        if (t.StopAtScore is { } s)
        {
            o["stop-at-score"] = s;
        }

        if (t.MinibatchSize is { } mb)
        {
            o["minibatch-size"] = mb;
        }

        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }

    private List<string> Command(ConfigMap evaluator)
    {
        if (!evaluator.Entries.TryGetValue("command", out var entry))
        {
            Error(evaluator.Location, "evaluator.command", "missing; the program that scores a candidate, for example [python3, eval.py].");
            return [];
        }

        var parts = entry.Value switch
        {
            ConfigSequence seq => seq.Items.Select(i => (i as ConfigScalar)?.Value ?? "").ToList(),
            ConfigScalar { Value: { } v } => [.. v.Split(' ', StringSplitOptions.RemoveEmptyEntries)],
            _ => [],
        };
        if (parts.Count == 0 || parts.Any(p => p.Length == 0))
        {
            Error(entry.KeyLocation, "evaluator.command", "must be a program and its arguments: a list like [python3, eval.py] (no shell is used), or one line split on spaces.");
        }

        return parts;
    }

    private ModelConfig? Model(ConfigMap root)
    {
        if (!root.Entries.TryGetValue("reflection-model", out var entry) || entry.Value is not ConfigMap map)
        {
            Error(root.Location, "reflection-model", "missing section; the model that reads the evaluator's side information and proposes new candidates (provider, model; see 'gepa providers').");
            return null;
        }

        CheckKeys(map, ModelKeys, "reflection-model.");
        var provider = Text(map, "provider");
        if (provider is null || !ConfigSchema.Providers.Contains(provider) || provider == "rule-world")
        {
            Error(map.Entries.TryGetValue("provider", out var p) ? p.KeyLocation : entry.KeyLocation, "reflection-model.provider", $"must be one of {string.Join(", ", ConfigSchema.Providers.Where(x => x != "rule-world"))}.");
            provider = "openai";
        }

        var modelName = Text(map, "model") ?? Text(map, "deployment");
        if (modelName is null)
        {
            Error(entry.KeyLocation, "reflection-model.model", "missing; name the model (for example gpt-4.1).");
        }

        Uri? baseUrl = null;
        if (Text(map, "base-url") is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https")))
        {
            Error(map.Entries["base-url"].KeyLocation, "reflection-model.base-url", $"'{url}' is not an http or https URL.");
            baseUrl = null;
        }
        else if (baseUrl is null && provider is "openai-compatible" or "azure-openai")
        {
            Error(entry.KeyLocation, "reflection-model.base-url", $"missing; {provider} needs the server's URL.");
        }

        var keyEnv = Text(map, "api-key-env") ?? provider switch
        {
            "openai" => "OPENAI_API_KEY",
            "azure-openai" => "AZURE_OPENAI_API_KEY",
            "anthropic" => "ANTHROPIC_API_KEY",
            _ => null,
        };
        var temperature = Number(map, "temperature", "reflection-model.");
        return new ModelConfig
        {
            Role = ChatRoles.Reflection,
            Section = "reflection-model",
            Provider = provider,
            Model = modelName ?? "",
            BaseUrl = baseUrl,
            Deployment = Text(map, "deployment"),
            ApiKeyEnv = keyEnv,
            Temperature = temperature is null ? null : (float)temperature.Value,
            MaxOutputTokens = Int(map, "max-output-tokens", 1, int.MaxValue, "reflection-model."),
            ReasoningEffort = Text(map, "reasoning-effort"),
            Timeout = Duration(map, "timeout", "reflection-model.timeout") ?? TimeSpan.FromSeconds(120),
            Retries = Int(map, "retries", 0, 10, "reflection-model.") ?? 3,
            MaxConcurrency = Int(map, "max-concurrency", 1, 256, "reflection-model.") ?? 4,
            Location = new SourceLocation(_display, entry.KeyLocation.Line, entry.KeyLocation.Column),
        };
    }

    private List<JsonNode?>? Split(ConfigMap root, string key, Dictionary<string, string> files)
    {
        if (Text(root, key) is not { } path)
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(_baseDirectory, path));
        files[key] = full;
        var text = ReadFile(root.Entries[key], key, path);
        if (text is null)
        {
            return null;
        }

        var items = new List<JsonNode?>();
        try
        {
            if (text.TrimStart().StartsWith('['))
            {
                items.AddRange(JsonNode.Parse(text)!.AsArray().Select(n => n?.DeepClone()));
            }
            else
            {
                var lines = text.Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Trim().Length == 0)
                    {
                        continue;
                    }

                    try
                    {
                        items.Add(JsonNode.Parse(lines[i]));
                    }
                    catch (JsonException e)
                    {
                        Error(new SourceLocation(full, i + 1, 1), key, $"line {i + 1} is not JSON: {e.Message}");
                        return null;
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            Error(new SourceLocation(full, 0, 0), key, $"not a JSON array or JSON lines: {e.Message}");
            return null;
        }

        if (items.Count == 0)
        {
            Error(root.Entries[key].KeyLocation, key, $"{full} holds no examples.");
            return null;
        }

        return items;
    }

    private string? ReadFile(ConfigEntry entry, string key, string path)
    {
        var full = Path.GetFullPath(Path.Combine(_baseDirectory, path));
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(entry.KeyLocation, key, $"cannot read {full}: {e.Message}");
            return null;
        }
    }

    private void CheckKeys(ConfigMap map, IReadOnlyList<string> known, string prefix)
    {
        foreach (var (key, entry) in map.Entries)
        {
            if (!known.Contains(key))
            {
                var near = known.OrderBy(k => Levenshtein.Distance(k, key)).First();
                var hint = Levenshtein.Distance(near, key) <= 3 ? $" Did you mean '{near}'?" : "";
                Error(entry.KeyLocation, prefix + key, $"unknown key.{hint} Known: {string.Join(", ", known)}.");
            }
        }
    }

    private static string? Text(ConfigMap map, string key) =>
        map.Entries.TryGetValue(key, out var e) && e.Value is ConfigScalar { Value: { } v } ? v : null;

    private int? Int(ConfigMap map, string key, int min, int max, string prefix = "")
    {
        if (Text(map, key) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            Error(map.Entries[key].KeyLocation, prefix + key, $"'{text}' must be a whole number between {min} and {max}.");
            return null;
        }

        return v;
    }

    private double? Number(ConfigMap map, string key, string prefix = "")
    {
        if (Text(map, key) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            Error(map.Entries[key].KeyLocation, prefix + key, $"'{text}' is not a number.");
            return null;
        }

        return v;
    }

    private bool? Bool(ConfigMap map, string key)
    {
        if (Text(map, key) is not { } text)
        {
            return null;
        }

        if (!bool.TryParse(text, out var v))
        {
            Error(map.Entries[key].KeyLocation, key, $"'{text}' must be true or false.");
            return null;
        }

        return v;
    }

    private TimeSpan? Duration(ConfigMap map, string key, string name)
    {
        if (Text(map, key) is not { } text)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var d) || d <= TimeSpan.Zero)
        {
            Error(map.Entries[key].KeyLocation, name, $"'{text}' is not a positive duration (for example 30s, 2m, 1h30m).");
            return null;
        }

        return d;
    }

    // Zero is allowed here (a checkpoint every iteration), unlike the timeouts' durations.
    private TimeSpan? CheckpointInterval(ConfigMap root)
    {
        const string Key = "checkpoint-interval";
        if (Text(root, Key) is not { } text)
        {
            return null;
        }

        var max = GepaRunDirectoryConstants.MaxCheckpointInterval;
        if (!DurationParser.TryParse(text, out var d) || d < TimeSpan.Zero || d > max)
        {
            Error(root.Entries[Key].KeyLocation, Key, $"'{text}' must be a duration from 0s to {max.TotalSeconds:0}s (for example 1s, 30s, 5m).");
            return null;
        }

        return d;
    }

    private void Error(SourceLocation at, string key, string message) => _errors.Add(new ConfigError(at, key, message));

    private T Fail<T>(SourceLocation at, string key, string message, T fallback)
    {
        Error(at, key, message);
        return fallback;
    }
}
