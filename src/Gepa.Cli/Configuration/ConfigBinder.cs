using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gepa.Simulation;

namespace Gepa.Cli.Configuration;

/// <summary>Turns a loaded configuration tree plus <c>--set</c> overrides into a validated <see cref="GepaRunConfig"/>,
/// collecting every problem as one line that names the file, line and key.</summary>
internal sealed partial class ConfigBinder
{
    private static readonly string[] Placeholders = ["<curr_param>", "<side_info>"];

    private readonly string _file;
    private readonly string _baseDirectory;
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, ConfigEntry> _leaves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _presentSections = new(StringComparer.Ordinal);

    private ConfigBinder(string file, string baseDirectory)
    {
        _file = file;
        _baseDirectory = baseDirectory;
    }

    /// <summary>Loads, overrides and validates a configuration file.</summary>
    /// <param name="file">The configuration file.</param>
    /// <param name="overrides">The <c>--set key.path=value</c> arguments, in order.</param>
    /// <returns>The validated configuration.</returns>
    /// <exception cref="ConfigException">Anything is wrong; every problem found is listed.</exception>
    public static GepaRunConfig Load(string file, IReadOnlyList<string> overrides) => Load(file, overrides, file);

    /// <summary>Loads, overrides and validates a configuration file, naming it <paramref name="displayName"/> in messages.</summary>
    /// <param name="file">The configuration file.</param>
    /// <param name="overrides">The <c>--set key.path=value</c> arguments, in order.</param>
    /// <param name="displayName">The name used in messages (as the user typed it).</param>
    /// <returns>The validated configuration.</returns>
    /// <exception cref="ConfigException">Anything is wrong; every problem found is listed.</exception>
    public static GepaRunConfig Load(string file, IReadOnlyList<string> overrides, string displayName)
    {
        var root = ConfigDocumentLoader.Load(ReadConfig(file, displayName), displayName);
        var binder = new ConfigBinder(displayName, Path.GetDirectoryName(Path.GetFullPath(file))!);
        return binder.Run(root, overrides);
    }

    private static string ReadConfig(string file, string displayName)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when ((e is FileNotFoundException or DirectoryNotFoundException) && !Directory.Exists(file) && PathProblems.FileAncestor(Path.GetFullPath(file)) is null)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(displayName, 0, 0), null, "the configuration file does not exist; create one with 'gepa init'."));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(displayName, 0, 0), null, $"the configuration file cannot be read: {PathProblems.Unreadable(Path.GetFullPath(file), e)}."));
        }
    }

    /// <summary>Validates an already loaded tree.</summary>
    /// <param name="root">The root mapping.</param>
    /// <param name="file">The configuration file, for messages and relative paths.</param>
    /// <param name="overrides">The <c>--set</c> arguments.</param>
    /// <returns>The validated configuration.</returns>
    /// <exception cref="ConfigException">Anything is wrong.</exception>
    public static GepaRunConfig Bind(ConfigMap root, string file, IReadOnlyList<string> overrides) =>
        new ConfigBinder(file, Path.GetDirectoryName(Path.GetFullPath(file))!).Run(root, overrides);

    /// <summary>Validates an already loaded tree whose relative paths point elsewhere than its own file (a run directory's
    /// configuration snapshot, whose paths are relative to the original configuration file).</summary>
    /// <param name="root">The root mapping.</param>
    /// <param name="file">The file named in messages.</param>
    /// <param name="baseDirectory">The directory relative paths are resolved against.</param>
    /// <param name="overrides">The <c>--set</c> arguments.</param>
    /// <returns>The validated configuration.</returns>
    /// <exception cref="ConfigException">Anything is wrong.</exception>
    public static GepaRunConfig Bind(ConfigMap root, string file, string baseDirectory, IReadOnlyList<string> overrides) =>
        new ConfigBinder(file, baseDirectory).Run(root, overrides);

    private GepaRunConfig Run(ConfigMap root, IReadOnlyList<string> overrides)
    {
        foreach (var o in overrides)
        {
            ApplyOverride(root, o);
        }

        Walk(root, "");
        ParseLeaves();
        var config = Build();
        return _errors.Count > 0 ? throw new ConfigException(_errors) : config! with { Source = root };
    }

    private void Error(SourceLocation? at, string? key, string message) => _errors.Add(new ConfigError(at, key, message));

    private void ApplyOverride(ConfigMap root, string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            Error(SourceLocation.CommandLine, null, $"'{Redact(text)}' is not key.path=value (for example --set engine.seed=3).");
            return;
        }

        var path = text[..eq].Trim();
        var raw = text[(eq + 1)..];
        var quoted = raw.Length >= 2 && ((raw[0] == '"' && raw[^1] == '"') || (raw[0] == '\'' && raw[^1] == '\''));
        var value = quoted ? raw[1..^1] : raw.Trim() is "" or "null" or "~" ? null : raw.Trim();
        var segments = path.Split('.');
        var map = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (!map.Entries.TryGetValue(segments[i], out var entry) || entry.Value is ConfigScalar { Value: null })
            {
                var child = new ConfigMap(SourceLocation.CommandLine);
                map.Entries[segments[i]] = new ConfigEntry(SourceLocation.CommandLine, child);
                map = child;
            }
            else if (entry.Value is ConfigMap existing)
            {
                map = existing;
            }
            else
            {
                Error(SourceLocation.CommandLine, string.Join('.', segments[..(i + 1)]), "is a value, not a section; cannot set a key inside it.");
                return;
            }
        }

        map.Entries[segments[^1]] = new ConfigEntry(SourceLocation.CommandLine, new ConfigScalar(value, quoted, SourceLocation.CommandLine));
    }

    private static string Redact(string overrideText)
    {
        var eq = overrideText.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? overrideText : overrideText[..eq] + "=…";
    }

    private void Walk(ConfigMap map, string prefix)
    {
        foreach (var (name, entry) in map.Entries)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (ConfigSchema.Find(path) is not null)
            {
                _leaves[path] = entry;
            }
            else if (ConfigSchema.Sections.Contains(path))
            {
                _presentSections.Add(path);
                switch (entry.Value)
                {
                    case ConfigMap child:
                        Walk(child, path);
                        break;
                    case ConfigScalar { Value: null }:
                        break;
                    default:
                        Error(entry.Value.Location, path, "expected a section (a mapping of keys), not a single value.");
                        break;
                }
            }
            else if (ConfigSchema.ModelSections.Contains(prefix) && ConfigSchema.SecretKeyNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                // Never echo the value: it is probably a real key.
                Error(entry.KeyLocation, path, $"API keys may not be written in the configuration; put the key in an environment variable and name that variable with 'api-key-env' (for example api-key-env: OPENAI_API_KEY).");
            }
            else
            {
                var suggestion = SuggestionFor(prefix, name);
                Error(entry.KeyLocation, path, "unknown key" + suggestion + (suggestion.EndsWith('?') ? "" : "."));
            }
        }
    }

    private static string SuggestionFor(string prefix, string name)
    {
        var siblings = ConfigSchema.Keys.Where(k => k.Section == prefix).Select(k => k.Name)
            .Concat(ConfigSchema.Sections.Where(s => (s.Contains('.', StringComparison.Ordinal) ? s[..s.LastIndexOf('.')] : "") == prefix).Select(s => s[(s.LastIndexOf('.') + 1)..]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (Levenshtein.Suggest(name, siblings) is { } near)
        {
            return $"; did you mean '{(prefix.Length == 0 ? near : prefix + "." + near)}'?";
        }

        // The right key in the wrong section ('minibatch-size' at the top level).
        var elsewhere = ConfigSchema.Keys.FirstOrDefault(k => Levenshtein.Suggest(name, [k.Name]) is not null && Levenshtein.Distance(name, k.Name) <= 1);
        if (elsewhere is not null)
        {
            return $"; did you mean '{elsewhere.Path}'?";
        }

        return siblings.Count > 0 ? $"; the keys here are: {string.Join(", ", siblings)}" : "";
    }

    private void ParseLeaves()
    {
        foreach (var (path, entry) in _leaves)
        {
            var key = ConfigSchema.Find(path)!;
            if (entry.Value is ConfigScalar { Value: null } && key.Kind is not (ConfigKind.Map or ConfigKind.TextOrFileMap or ConfigKind.FileMap))
            {
                continue; // an explicit null means "use the default"
            }

            if (Parse(key, entry) is { } value)
            {
                _values[path] = value;
            }
        }
    }

    private object? Parse(ConfigKey key, ConfigEntry entry)
    {
        var node = entry.Value;
        var at = node.Location;
        if (key.Kind is ConfigKind.Map)
        {
            return node switch
            {
                ConfigMap m => ToJson(m),
                ConfigScalar { Value: null } => new JsonObject(),
                _ => Fail(at, key.Path, "expected a mapping of fields."),
            };
        }

        if (key.Kind is ConfigKind.Sequence)
        {
            return node is ConfigSequence sequence ? sequence : Fail(at, key.Path, "expected a list of entries (- step: … or - retrieve: …).");
        }

        if (key.Kind is ConfigKind.TextOrFileMap or ConfigKind.FileMap)
        {
            return node switch
            {
                ConfigMap m => ParseComponentMap(key, m),
                ConfigScalar { Value: null } => new List<KeyValuePair<string, string>>(),
                _ => Fail(at, key.Path, key.Kind is ConfigKind.FileMap ? "expected a mapping of component name to file." : "expected a mapping of component name to text (or to {file: path})."),
            };
        }

        if (node is not ConfigScalar { Value: { } text } scalar)
        {
            return Fail(at, key.Path, $"expected {Describe(key)}, got a {(node is ConfigMap ? "section" : "list")}.");
        }

        switch (key.Kind)
        {
            case ConfigKind.Text:
                return text;
            case ConfigKind.Integer:
                if (scalar.Quoted || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) || l is > int.MaxValue or < int.MinValue)
                {
                    return Fail(at, key.Path, $"expected {Describe(key)}, got '{text}'.");
                }

                return InRange(key, at, l) ? (int)l : null;
            case ConfigKind.Number:
                if (scalar.Quoted || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    return Fail(at, key.Path, $"expected {Describe(key)}, got '{text}'.");
                }

                return InRange(key, at, d) ? d : null;
            case ConfigKind.Boolean:
                return text.ToLowerInvariant() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => Fail(at, key.Path, $"expected true or false, got '{text}'."),
                };
            case ConfigKind.Duration:
                if (!DurationParser.TryParse(text, out var duration))
                {
                    return Fail(at, key.Path, $"expected a duration such as 30s, 5m, 2h or 1h30m, got '{text}'.");
                }

                return InRange(key, at, duration.TotalSeconds) ? duration : null;
            case ConfigKind.Choice:
                var choice = key.Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                if (choice is null)
                {
                    var near = Levenshtein.Suggest(text, key.Choices);
                    return Fail(at, key.Path, $"'{text}' is not one of: {string.Join(", ", key.Choices)}" + (near is null ? "." : $"; did you mean '{near}'?"));
                }

                return choice;
            case ConfigKind.InputFile:
                var full = Resolve(text);
                return File.Exists(full) ? full : Fail(at, key.Path, PathProblems.Unreadable(full) + ".");
            case ConfigKind.OutputPath:
                // Found now, before anything is written, rather than when the run first writes there.
                var target = Resolve(text);
                return PathProblems.Unwritable(target, isFile: key.Path is "engine.stop.stop-file" or "memory.bank") is { } problem ? Fail(at, key.Path, problem + ".") : target;
            default:
                return Fail(at, key.Path, "unsupported key kind.");
        }
    }

    private List<KeyValuePair<string, string>>? ParseComponentMap(ConfigKey key, ConfigMap map)
    {
        var result = new List<KeyValuePair<string, string>>();
        var ok = true;
        foreach (var (name, entry) in map.Entries)
        {
            var path = key.Path + "." + name;
            string? file = null;
            switch (entry.Value)
            {
                case ConfigScalar { Value: { } text } when key.Kind is ConfigKind.TextOrFileMap:
                    result.Add(new(name, text));
                    continue;
                case ConfigScalar { Value: { } text }:
                    file = text;
                    break;
                case ConfigMap m when key.Kind is ConfigKind.TextOrFileMap && m.Entries.Count == 1 && m.Entries.TryGetValue("file", out var f) && f.Value is ConfigScalar { Value: { } p }:
                    file = p;
                    break;
                default:
                    ok = Fail(entry.Value.Location, path, key.Kind is ConfigKind.FileMap ? "expected a file path." : "expected text, or {file: path}.") is not null;
                    continue;
            }

            var full = Resolve(file);
            try
            {
                result.Add(new(name, File.ReadAllText(full)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ok = Fail(entry.Value.Location, path, PathProblems.Unreadable(full, e) + ".") is not null;
            }
        }

        return ok ? result : null;
    }

    private bool InRange(ConfigKey key, SourceLocation at, double value)
    {
        if ((key.Min is { } min && value < min) || (key.Max is { } max && value > max))
        {
            Fail(at, key.Path, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; expected {Describe(key)}.");
            return false;
        }

        return true;
    }

    private static string Describe(ConfigKey key)
    {
        var what = key.Kind switch
        {
            ConfigKind.Integer => "a whole number",
            ConfigKind.Number => "a number",
            ConfigKind.Duration => "a duration (seconds)",
            ConfigKind.Boolean => "true or false",
            ConfigKind.Choice => "one of " + string.Join(", ", key.Choices),
            _ => "text",
        };
        var min = key.Min?.ToString(CultureInfo.InvariantCulture);
        var max = key.Max?.ToString(CultureInfo.InvariantCulture);
        return (min, max) switch
        {
            (not null, not null) => $"{what} from {min} to {max}",
            (not null, null) => $"{what} ≥ {min}",
            (null, not null) => $"{what} ≤ {max}",
            _ => what,
        };
    }

    private object? Fail(SourceLocation at, string key, string message)
    {
        Error(at, key, message);
        return null;
    }

    private string Resolve(string path) => Path.GetFullPath(Path.Combine(_baseDirectory, path));

    private static JsonObject ToJson(ConfigMap map)
    {
        var o = new JsonObject();
        foreach (var (k, e) in map.Entries)
        {
            o[k] = ToJson(e.Value);
        }

        return o;
    }

    private static JsonNode? ToJson(ConfigNode node) => node switch
    {
        ConfigMap m => ToJson(m),
        ConfigSequence s => new JsonArray([.. s.Items.Select(ToJson)]),
        ConfigScalar { Value: null } => null,
        ConfigScalar { Quoted: true } q => JsonValue.Create(q.Value),
        ConfigScalar { Value: "true" } => JsonValue.Create(true),
        ConfigScalar { Value: "false" } => JsonValue.Create(false),
        ConfigScalar q when long.TryParse(q.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        ConfigScalar q when double.TryParse(q.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => JsonValue.Create(d),
        ConfigScalar q => JsonValue.Create(q.Value),
        _ => null,
    };

    private T? Get<T>(string path)
        where T : class => _values.TryGetValue(path, out var v) ? (T)v : null;

    private T? GetValue<T>(string path)
        where T : struct => _values.TryGetValue(path, out var v) ? (T)v : null;

    private SourceLocation? LocationOf(string path) =>
        _leaves.TryGetValue(path, out var e) ? e.KeyLocation : null;

    private SourceLocation FileLocation => new(_file, 0, 0);

    private GepaRunConfig? Build()
    {
        var taskKind = Get<string>("task") ?? "chat-prompt";
        var ruleWorldTask = taskKind == "rule-world";
        var metric = Get<string>("metric.name") ?? "contains";
        var task = BuildModel("task-model", ChatRoles.Task, required: true);
        var reflection = BuildModel("reflection-model", ChatRoles.Reflection, required: true);
        var judge = BuildModel("judge-model", ChatRoles.Judge, required: !ruleWorldTask && metric == "llm-judge");
        var world = BuildWorld(ruleWorldTask, [task, reflection, judge]);
        task = WithWorld(task, world);
        reflection = WithWorld(reflection, world);
        judge = WithWorld(judge, world);
        var dataset = ruleWorldTask ? RejectUnusedByRuleWorld() : BuildDataset();
        var engine = BuildEngine(reflection);
        var seed = Get<List<KeyValuePair<string, string>>>("seed-candidate");
        if (ruleWorldTask)
        {
            seed = world is null ? null : RuleWorldSeed(world, seed);
        }
        else if ((seed is null && !_leaves.ContainsKey("seed-candidate")) || seed is { Count: 0 })
        {
            Error(LocationOf("seed-candidate") ?? FileLocation, "seed-candidate", "missing; give at least one component, for example seed-candidate: {system_prompt: \"You are a helpful assistant.\"}.");
        }

        if (taskKind == "chat-prompt")
        {
            CheckParameters(metric, Get<string>("adapter.name") ?? "chat-prompt");
        }

        var pipeline = taskKind == "pipeline" ? BuildPipeline(seed) : RejectPipelineSection();
        var mlflow = BuildMlflow();
        var memory = BuildMemory();
        var embedding = BuildEmbeddingModel();
        if (task is null || reflection is null || dataset is null || engine is null || seed is null || _errors.Count > 0)
        {
            return null;
        }

        return new GepaRunConfig
        {
            ConfigPath = _file,
            BaseDirectory = _baseDirectory,
            TaskModel = task,
            ReflectionModel = reflection,
            JudgeModel = judge,
            Task = taskKind,
            Strategy = Get<string>("strategy") ?? "gepa",
            World = world,
            Pipeline = pipeline,
            Dataset = dataset,
            Adapter = new NamedSettings(Get<string>("adapter.name") ?? "chat-prompt", Get<JsonObject>("adapter.parameters") ?? []),
            Metric = new NamedSettings(metric, Get<JsonObject>("metric.parameters") ?? []),
            SeedCandidate = seed,
            Engine = engine,
            OutputDirectory = Get<string>("output.directory"),
            CheckpointInterval = GetValue<TimeSpan>("output.checkpoint-interval") ?? GepaRunDirectoryConstants.DefaultCheckpointInterval,
            ResponseCacheDirectory = Get<string>("response-cache"),
            Mlflow = mlflow,
            Memory = memory is null ? null : memory with { Embedding = embedding },
            EmbeddingModel = embedding,
        };
    }

    private MlflowSettings? BuildMlflow()
    {
        if (Get<string>("tracking.mlflow.uri") is not { } uri)
        {
            foreach (var key in _leaves.Keys.Where(k => k.StartsWith("tracking.mlflow.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                Error(LocationOf(key), "tracking.mlflow.uri", $"missing; {key} is set, but tracking is on only with the server's address (for example http://127.0.0.1:5000).");
            }

            return null;
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(server.UserInfo))
        {
            Error(LocationOf("tracking.mlflow.uri"), "tracking.mlflow.uri", $"'{uri}' is not an http or https URL without credentials (a token goes in MLFLOW_TRACKING_TOKEN).");
            return null;
        }

        return new MlflowSettings
        {
            Uri = server,
            Experiment = Get<string>("tracking.mlflow.experiment") ?? "gepa",
            RunName = Get<string>("tracking.mlflow.run-name"),
            Timeout = GetValue<TimeSpan>("tracking.mlflow.timeout") ?? TimeSpan.FromSeconds(10),
        };
    }

    // hashed is built in and takes nothing else; any other provider is bound as a model role, so its key, URL and retry
    // settings are checked (and its key later resolved and redacted) exactly as the chat models' are.
    private ModelConfig? BuildEmbeddingModel()
    {
        const string section = ConfigSchema.EmbeddingSection;
        if (!_presentSections.Contains(section))
        {
            return null;
        }

        var provider = Get<string>($"{section}.provider");
        if (provider is null && _leaves.ContainsKey($"{section}.provider"))
        {
            return null; // not one of the choices: already reported where it is written
        }

        if (provider is null or "hashed")
        {
            foreach (var key in _leaves.Keys.Where(k => k.StartsWith(section + ".", StringComparison.Ordinal) && k != $"{section}.provider").Order(StringComparer.Ordinal))
            {
                Error(LocationOf(key), key, provider is null
                    ? $"is set but {section}.provider is not; one of {string.Join(", ", ConfigSchema.EmbeddingProviders)}."
                    : "the hashed embedder is built in and takes no model, endpoint or key; remove it, or choose a provider that serves the model.");
            }

            return null;
        }

        return BuildModel(section, ConfigSchema.EmbeddingRole, required: false);
    }

    private ModelConfig? BuildModel(string section, string role, bool required)
    {
        if (!_presentSections.Contains(section))
        {
            if (required)
            {
                var why = section == "judge-model" ? "the llm-judge metric needs a judge model" : "every run needs a task model and a reflection model";
                Error(FileLocation, section, $"missing section; {why} (see 'gepa init' or 'gepa providers').");
            }

            return null;
        }

        var sectionLocation = _leaves.Where(l => l.Key.StartsWith(section + ".", StringComparison.Ordinal)).Select(l => l.Value.KeyLocation).FirstOrDefault() ?? FileLocation;
        var provider = Get<string>($"{section}.provider");
        if (provider is null)
        {
            if (!_leaves.ContainsKey($"{section}.provider"))
            {
                Error(sectionLocation, $"{section}.provider", $"missing; one of {string.Join(", ", ConfigSchema.Providers)}.");
            }

            return null;
        }

        var model = Get<string>($"{section}.model");
        var deployment = Get<string>($"{section}.deployment");
        if (provider == "rule-world")
        {
            model = CheckRuleWorldModel(section, role, model);
        }
        else if (provider == "multihop-sim")
        {
            model = CheckMultiHopSimModel(section, role, model);
        }
        else if (model is null && !(provider == "azure-openai" && deployment is not null))
        {
            Error(LocationOf($"{section}.provider"), $"{section}.model", "missing; name the model (for example gpt-4.1-mini, claude-sonnet-4-5, qwen2.5:7b).");
        }

        Uri? baseUrl = null;
        if (Get<string>($"{section}.base-url") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                Error(LocationOf($"{section}.base-url"), $"{section}.base-url", $"'{url}' is not an http or https URL.");
                baseUrl = null;
            }
        }
        else if (provider is "openai-compatible" or "azure-openai")
        {
            Error(LocationOf($"{section}.provider"), $"{section}.base-url", provider == "azure-openai"
                ? "missing; azure-openai needs the resource endpoint, for example https://my-resource.openai.azure.com."
                : "missing; openai-compatible needs the server's URL, for example http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM).");
        }

        var keyEnv = Get<string>($"{section}.api-key-env") ?? provider switch
        {
            "openai" => "OPENAI_API_KEY",
            "azure-openai" => "AZURE_OPENAI_API_KEY",
            "anthropic" => "ANTHROPIC_API_KEY",
            _ => null,
        };
        if (keyEnv is not null && !EnvName().IsMatch(keyEnv))
        {
            // Do not echo it: a user who pasted the key itself here would see it in the terminal and in CI logs.
            Error(LocationOf($"{section}.api-key-env"), $"{section}.api-key-env", "must be the NAME of an environment variable (letters, digits and underscores, like OPENAI_API_KEY), not the key itself.");
            keyEnv = null;
        }

        var input = GetValue<double>($"{section}.price.input-per-million");
        var output = GetValue<double>($"{section}.price.output-per-million");
        if ((input is null) != (output is null))
        {
            Error(LocationOf($"{section}.price.input-per-million") ?? LocationOf($"{section}.price.output-per-million"), $"{section}.price", "give both input-per-million and output-per-million.");
        }

        return new ModelConfig
        {
            Role = role,
            Section = section,
            Provider = provider,
            Model = model ?? deployment ?? "",
            BaseUrl = baseUrl,
            Deployment = deployment,
            ApiKeyEnv = keyEnv,
            Temperature = GetValue<double>($"{section}.temperature") is { } t ? (float)t : null,
            MaxOutputTokens = GetValue<int>($"{section}.max-output-tokens"),
            SendMaxTokens = GetValue<bool>($"{section}.send-max-tokens") ?? false,
            ReasoningEffort = Get<string>($"{section}.reasoning-effort"),
            ExtraBody = Get<JsonObject>($"{section}.extra-body") ?? [],
            Timeout = GetValue<TimeSpan>($"{section}.timeout") ?? TimeSpan.FromSeconds(120),
            MaxConcurrency = GetValue<int>($"{section}.max-concurrency") ?? 4,
            Retries = GetValue<int>($"{section}.retries") ?? GepaRetryOptions.DefaultMaxRetries,
            Price = input is { } i && output is { } o ? new ModelPrice((decimal)i, (decimal)o) : null,
            Location = sectionLocation,
        };
    }

    // The simulated models run in process and answer as the model of their role unless told otherwise.
    private string? CheckRuleWorldModel(string section, string role, string? model)
    {
        if (Get<string>($"{section}.base-url") is not null)
        {
            Error(LocationOf($"{section}.base-url"), $"{section}.base-url", "rule-world runs in process and takes no URL; to use a RuleWorld server ('gepa sim serve'), set provider: openai-compatible with the server's base-url and model rule-world-task or rule-world-reflect.");
        }

        if (model is null)
        {
            model = role switch
            {
                ChatRoles.Task => RuleWorldConstants.TaskModelId,
                ChatRoles.Reflection => RuleWorldConstants.ReflectionModelId,
                _ => null,
            };
            if (model is null)
            {
                Error(LocationOf($"{section}.provider"), $"{section}.provider", "rule-world simulates a task model and a reflection model, not a judge; the llm-judge metric needs a real model.");
            }

            return model;
        }

        if (model is not (RuleWorldConstants.TaskModelId or RuleWorldConstants.ReflectionModelId))
        {
            Error(LocationOf($"{section}.model"), $"{section}.model", $"'{model}' is not a RuleWorld model; rule-world serves {RuleWorldConstants.TaskModelId} (the simulated task model) and {RuleWorldConstants.ReflectionModelId} (the simulated reflection model).");
            return null;
        }

        return model;
    }

    private RuleWorldOptions? BuildWorld(bool ruleWorldTask, IEnumerable<ModelConfig?> models)
    {
        var used = ruleWorldTask || models.Any(m => m?.Provider == "rule-world");
        var at = SectionLocation("world");
        if (!used)
        {
            if (_presentSections.Contains("world"))
            {
                Error(at, "world", "is used only with task: rule-world or a model with provider: rule-world; remove it, or set task: rule-world.");
            }

            return null;
        }

        var world = new RuleWorldOptions
        {
            Seed = Get<string>("world.seed") ?? RuleWorldConstants.DefaultSeed,
            Rules = GetValue<int>("world.rules") ?? RuleWorldConstants.DefaultRules,
            Train = GetValue<int>("world.train") ?? RuleWorldConstants.DefaultTrain,
            Val = GetValue<int>("world.val") ?? RuleWorldConstants.DefaultVal,
            Test = GetValue<int>("world.test") ?? RuleWorldConstants.DefaultTest,
            Noise = GetValue<double>("world.noise") ?? RuleWorldConstants.DefaultNoise,
            Informative = GetValue<double>("world.informative") ?? RuleWorldConstants.DefaultInformative,
            Forget = GetValue<double>("world.forget") ?? RuleWorldConstants.DefaultForget,
            Guess = GetValue<double>("world.guess") ?? RuleWorldConstants.DefaultGuess,
            Capacity = GetValue<int>("world.capacity") ?? RuleWorldConstants.DefaultCapacity,
            Skew = GetValue<int>("world.skew") ?? RuleWorldConstants.DefaultSkew,
            Modules = GetValue<int>("world.modules") ?? RuleWorldConstants.DefaultModules,
            Reflection = Get<string>("world.reflection") == "limited" ? RuleWorldReflection.Limited : RuleWorldConstants.DefaultReflection,
            Attention = GetValue<int>("world.attention") ?? RuleWorldConstants.DefaultAttention,
            AttentionDecay = GetValue<double>("world.attention-decay") ?? RuleWorldConstants.DefaultAttentionDecay,
            DropGrowth = GetValue<double>("world.drop-growth") ?? RuleWorldConstants.DefaultDropGrowth,
            Mislead = GetValue<double>("world.mislead") ?? RuleWorldConstants.DefaultMislead,
            MetricFlip = GetValue<double>("world.metric-flip") ?? RuleWorldConstants.DefaultMetricFlip,
        };
        try
        {
            world.Validate();
        }
        catch (ArgumentException e)
        {
            // The schema checks every range already; this catches what only the world knows.
            var key = "world." + e.ParamName;
            Error(LocationOf(key) ?? at, key, e.Message.Split(" (Parameter", 2)[0]);
            return null;
        }

        return world;
    }

    private static ModelConfig? WithWorld(ModelConfig? model, RuleWorldOptions? world) =>
        model is { Provider: "rule-world" } && world is not null ? model with { World = world } : model;

    // With task: rule-world the world brings its splits, pipeline and metric, so these sections would be silently ignored.
    private DatasetConfig? RejectUnusedByRuleWorld()
    {
        var ok = true;
        foreach (var section in new[] { "dataset", "adapter", "metric", "judge-model" })
        {
            if (_presentSections.Contains(section))
            {
                Error(SectionLocation(section), section, "is not used with task: rule-world: the simulated world has its own train/val/test splits (world.train, world.val, world.test), pipeline and metric; remove this section.");
                ok = false;
            }
        }

        return ok ? new DatasetConfig() : null;
    }

    private List<KeyValuePair<string, string>>? RuleWorldSeed(RuleWorldOptions world, List<KeyValuePair<string, string>>? given)
    {
        var modules = RuleWorld.ModuleNamesFor(world.Modules);
        if (given is null || given.Count == 0)
        {
            return [.. modules.Select(m => new KeyValuePair<string, string>(m, RuleWorld.BaseInstruction))];
        }

        var at = LocationOf("seed-candidate");
        var names = string.Join(", ", modules);
        var ok = true;
        foreach (var (name, _) in given.Where(g => !modules.Contains(g.Key, StringComparer.Ordinal)))
        {
            Error(at, "seed-candidate." + name, $"is not a module of this RuleWorld; with world.modules={world.Modules} the components are: {names}.");
            ok = false;
        }

        var missing = modules.Where(m => !given.Exists(g => g.Key == m)).ToList();
        if (missing.Count > 0)
        {
            Error(at, "seed-candidate", $"lacks the RuleWorld module{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; give a text for every one of {names}, or leave seed-candidate out to start each from the world's base instruction.");
            ok = false;
        }

        // The pipeline's order, so that round-robin component selection visits the modules as the reference does.
        return ok ? [.. modules.Select(m => given.First(g => g.Key == m))] : null;
    }

    private SourceLocation SectionLocation(string section) =>
        _leaves.Where(l => l.Key.StartsWith(section + ".", StringComparison.Ordinal)).Select(l => l.Value.KeyLocation).FirstOrDefault() ?? FileLocation;

    private DatasetConfig? BuildDataset()
    {
        var file = Get<string>("dataset.file");
        var train = Get<string>("dataset.train");
        var val = Get<string>("dataset.val");
        var failed = _leaves.Keys.Any(k => k.StartsWith("dataset.", StringComparison.Ordinal) && !_values.ContainsKey(k) && _errors.Exists(e => e.Key == k));
        if (failed)
        {
            return null;
        }

        if (!_presentSections.Contains("dataset"))
        {
            Error(FileLocation, "dataset", "missing section; give train and val files (dataset: {train: train.jsonl, val: val.jsonl}) or one file to split (dataset: {file: all.jsonl}).");
            return null;
        }

        if (file is not null && (train is not null || val is not null))
        {
            Error(LocationOf("dataset.file"), "dataset.file", "give either one file to split or train/val files, not both.");
            return null;
        }

        if (file is null && (train is null || val is null))
        {
            Error(LocationOf("dataset.train") ?? LocationOf("dataset.val") ?? FileLocation, train is null ? "dataset.train" : "dataset.val", "missing; give train and val files, or one file to split with dataset.file.");
            return null;
        }

        var ratios = (Train: GetValue<double>("dataset.split.train") ?? 0.5, Val: GetValue<double>("dataset.split.val") ?? 0.3, Test: GetValue<double>("dataset.split.test") ?? 0.2);
        if (file is not null && Math.Abs(ratios.Train + ratios.Val + ratios.Test - 1) > 1e-6)
        {
            Error(LocationOf("dataset.split.train") ?? LocationOf("dataset.split.val") ?? LocationOf("dataset.split.test"), "dataset.split", $"train + val + test must add up to 1 (they add up to {(ratios.Train + ratios.Val + ratios.Test).ToString("0.###", CultureInfo.InvariantCulture)}).");
        }

        if (file is not null && (ratios.Train <= 0 || ratios.Val <= 0))
        {
            Error(LocationOf("dataset.split.train") ?? LocationOf("dataset.split.val"), "dataset.split", "train and val must both be above 0.");
        }

        return new DatasetConfig
        {
            File = file,
            Train = train,
            Val = val,
            Test = Get<string>("dataset.test"),
            Format = Get<string>("dataset.format") ?? "auto",
            SplitSeed = GetValue<int>("dataset.split.seed") ?? 0,
            TrainRatio = ratios.Train,
            ValRatio = ratios.Val,
            TestRatio = ratios.Test,
            InputField = Get<string>("dataset.fields.input") ?? "input",
            AnswerField = Get<string>("dataset.fields.answer") ?? "answer",
            ContextField = Get<string>("dataset.fields.context"),
            IdField = Get<string>("dataset.fields.id"),
        };
    }

    private EngineSettings? BuildEngine(ModelConfig? reflection)
    {
        var budget = GetValue<int>("engine.max-metric-calls");
        var alias = GetValue<int>("engine.budget");
        if (budget is not null && alias is not null)
        {
            Error(LocationOf("engine.budget"), "engine.budget", "is an alias of engine.max-metric-calls; give one of them.");
        }

        budget ??= alias;
        if (budget is null)
        {
            if (!_leaves.ContainsKey("engine.max-metric-calls") && !_leaves.ContainsKey("engine.budget"))
            {
                Error(FileLocation, "engine.max-metric-calls", "missing; the rollout budget (metric calls) is required, for example engine: {max-metric-calls: 300}.");
            }

            return null;
        }

        string? template = null;
        if (Get<string>("engine.reflection-template-file") is { } templateFile)
        {
            try
            {
                template = File.ReadAllText(templateFile);
                CheckPlaceholders(template, "engine.reflection-template-file", templateFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Error(LocationOf("engine.reflection-template-file"), "engine.reflection-template-file", PathProblems.Unreadable(templateFile, e) + ".");
            }
        }

        var perComponent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (component, text) in Get<List<KeyValuePair<string, string>>>("engine.reflection-template-files") ?? [])
        {
            CheckPlaceholders(text, "engine.reflection-template-files." + component, null);
            perComponent[component] = text;
        }

        var maxCost = GetValue<double>("engine.stop.max-reflection-cost");
        if (maxCost is not null && reflection is { Price: null })
        {
            Error(LocationOf("engine.stop.max-reflection-cost"), "engine.stop.max-reflection-cost", "needs reflection-model.price (input-per-million and output-per-million) to know what reflection costs.");
        }

        var sampling = Get<string>("engine.proposals.sampling") ?? "single";
        if (ProposalStrategyText.ParseSampling(sampling, out var samplingError) is null)
        {
            Error(LocationOf("engine.proposals.sampling"), "engine.proposals.sampling", samplingError!);
        }

        var selection = Get<string>("engine.proposals.selection") ?? "all";
        if (ProposalStrategyText.ParseSelection(selection, out var selectionError) is null)
        {
            Error(LocationOf("engine.proposals.selection"), "engine.proposals.selection", selectionError!);
        }

        return new EngineSettings
        {
            Seed = GetValue<int>("engine.seed") ?? 0,
            ProposalSampling = sampling,
            ProposalSelection = selection,
            MaxConcurrentProposals = GetValue<int>("engine.proposals.max-concurrent") ?? 0,
            MaxMetricCalls = budget.Value,
            StrictBudget = GetValue<bool>("engine.strict-budget") ?? true,
            CandidateSelection = Get<string>("engine.candidate-selection") ?? "pareto",
            Epsilon = GetValue<double>("engine.epsilon") ?? 0.1,
            TopK = GetValue<int>("engine.top-k") ?? 5,
            MinibatchSize = GetValue<int>("engine.minibatch-size") ?? 3,
            ComponentSelection = Get<string>("engine.component-selection") ?? "round-robin",
            AcceptanceCriterion = Get<string>("engine.acceptance") ?? "strict-improvement",
            FrontierType = Get<string>("engine.frontier") ?? "instance",
            SkipPerfectScore = GetValue<bool>("engine.skip-perfect-score") ?? true,
            PerfectScore = GetValue<double>("engine.perfect-score") ?? 1.0,
            UseMerge = GetValue<bool>("engine.merge.enabled") ?? false,
            MaxMergeInvocations = GetValue<int>("engine.merge.max-invocations") ?? 5,
            MergeValOverlapFloor = GetValue<int>("engine.merge.val-overlap-floor") ?? 5,
            CountRejectedMerges = GetValue<bool>("engine.merge.count-rejected") ?? true,
            DeduplicateCandidates = GetValue<bool>("engine.deduplicate-candidates") ?? true,
            CacheMinibatchEvaluations = GetValue<bool>("engine.cache-minibatch-evaluations") ?? true,
            MaxIdleIterations = GetValue<int>("engine.max-idle-iterations") ?? GepaConstants.DefaultMaxIdleIterations,
            MaxIterations = GetValue<int>("engine.max-iterations"),
            CacheEvaluation = GetValue<bool>("engine.cache-evaluation") ?? false,
            ReflectionPromptTemplate = template,
            ComponentReflectionPromptTemplates = perComponent,
            ScoreAdapterExceptionsAsFailures = GetValue<bool>("engine.score-adapter-exceptions-as-failures") ?? false,
            ReflectionRetries = GetValue<int>("engine.reflection-retries") ?? 2,
            ReflectionRetryDelay = GetValue<TimeSpan>("engine.reflection-retry-delay") ?? TimeSpan.FromSeconds(1),
            MaxConsecutiveFailures = GetValue<int>("engine.max-consecutive-failures") ?? 5,
            Budget = new BudgetSettings
            {
                Policy = Get<string>("budget.policy") ?? "adaptive",
                AdaptiveValidation = GetValue<bool>("budget.adaptive-validation"),
                BanditComponents = GetValue<bool>("budget.bandit-components"),
                DiversityMerge = GetValue<bool>("budget.diversity-merge"),
                FocusedMinibatch = GetValue<bool>("budget.focused-minibatch"),
                FocusedFailures = GetValue<int>("budget.focus.failures"),
                MinibatchGuards = GetValue<int>("budget.focus.guards"),
                MinFirstStage = GetValue<int>("budget.race.min-first-stage"),
                MaxFirstStage = GetValue<int>("budget.race.max-first-stage"),
                InitialFirstStage = GetValue<int>("budget.race.initial-first-stage"),
                TargetDisagreements = GetValue<double>("budget.race.target-disagreements"),
                StageGrowth = GetValue<double>("budget.race.stage-growth"),
                LossConfidence = GetValue<double>("budget.race.loss-confidence"),
                WinConfidence = GetValue<double>("budget.race.win-confidence"),
                TieLimit = GetValue<int>("budget.race.tie-limit"),
                MovementSmoothing = GetValue<double>("budget.race.movement-smoothing"),
                BanditExploration = GetValue<double>("budget.bandit.exploration"),
                BanditDiscount = GetValue<double>("budget.bandit.discount"),
                MergeDiversityThreshold = GetValue<double>("budget.merge.diversity-threshold"),
                MaxMergeBudgetShare = GetValue<double>("budget.merge.max-budget-share"),
            },
            Stop = new StopSettings
            {
                Timeout = GetValue<TimeSpan>("engine.stop.timeout"),
                NoImprovement = GetValue<int>("engine.stop.no-improvement"),
                ScoreThreshold = GetValue<double>("engine.stop.score-threshold"),
                MaxProposals = GetValue<int>("engine.stop.max-proposals"),
                MaxReflectionCost = maxCost is { } c ? (decimal)c : null,
                StopFile = Get<string>("engine.stop.stop-file"),
            },
        };
    }

    private void CheckPlaceholders(string template, string key, string? file)
    {
        string[] missing = [.. Placeholders.Where(p => !template.Contains(p, StringComparison.Ordinal))];
        if (missing.Length > 0)
        {
            Error(LocationOf(key) ?? LocationOf(key[..key.LastIndexOf('.')]), key, $"the template{(file is null ? "" : " " + file)} lacks the placeholder{(missing.Length > 1 ? "s" : "")} {string.Join(" and ", missing)}; the current text and the examples are put there.");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
