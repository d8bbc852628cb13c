using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gepa.Cli.Cli;
using Gepa.Cli.Configuration;
using Gepa.Cli.Output;

namespace Gepa.Cli.Runs;

/// <summary>The configuration as a run directory keeps it: a JSON snapshot without secrets (<c>config.json</c>), and the
/// fingerprint of everything that decides the run's course (<c>run.json</c>), against which a resume is checked.</summary>
internal static class RunConfigSnapshot
{
    /// <summary>What a secret is replaced with.</summary>
    public const string RedactedValue = "***";

    /// <summary>The manifest's host key holding the directory the snapshot's relative paths are resolved against.</summary>
    public const string BaseDirectoryKey = "configBaseDirectory";

    /// <summary>The manifest's host key holding the configuration file the run was started with.</summary>
    public const string ConfigFileKey = "configFile";

    /// <summary>The manifest's host key set when the snapshot had secrets removed (it cannot be run without the original).</summary>
    public const string RedactedKey = "configRedacted";

    // Words that make a key name a secret's: compared with whole words of the name, so "max-output-tokens" (a count)
    // and "api-key-env" (the NAME of a variable) are kept, while "api-key", "access_token" or "Authorization" are not.
    private static readonly string[] SecretWords = ["key", "apikey", "secret", "token", "password", "passwd", "authorization", "auth", "bearer", "credential", "credentials", "cookie", "signature"];

    // Settings that say how the run is carried out, not what it computes: they may change on resume.
    private static readonly string[] OperationalModelKeys = ["base-url", "api-key-env", "timeout", "max-concurrency", "retries"];

    private static readonly string[] OperationalKeys =
    [
        "engine.max-metric-calls", "engine.budget", "engine.reflection-retries", "engine.reflection-retry-delay",
        "engine.max-consecutive-failures", "response-cache", "output.directory", "output.checkpoint-interval", "dataset.test",
    ];

    /// <summary>Writes the configuration tree as JSON, replacing secrets (values under secret-looking keys, and any resolved
    /// API key that appears in a value) with <see cref="RedactedValue"/>.</summary>
    /// <param name="root">The tree, with overrides applied.</param>
    /// <param name="redactor">Knows the resolved API keys.</param>
    /// <returns>The JSON, and whether anything was removed.</returns>
    public static (JsonElement Json, bool Redacted) ToJson(ConfigMap root, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(redactor);
        var redacted = false;
        var node = Convert(root, redactor, ref redacted);
        return (JsonSerializer.SerializeToElement(node, CliJsonContext.Default.JsonNode), redacted);
    }

    /// <summary>Loads a snapshot written by <see cref="ToJson"/>.</summary>
    /// <param name="file">The <c>config.json</c> file.</param>
    /// <returns>The tree.</returns>
    /// <exception cref="ConfigException">It is missing or malformed.</exception>
    public static ConfigMap Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(file, 0, 0), null, "the run directory's configuration snapshot cannot be read: " + e.Message));
        }

        return ConfigDocumentLoader.Load(text, file);
    }

    /// <summary>Computes the fingerprint: every configuration key that decides the run's course (defaults filled in), with
    /// files and long texts replaced by their SHA-256.</summary>
    /// <param name="config">The validated configuration; its <see cref="GepaRunConfig.Source"/> must be set.</param>
    /// <returns>Key path to normalized value.</returns>
    public static Dictionary<string, string> Fingerprint(GepaRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = config.Source ?? throw new ArgumentException("The configuration has no source tree.", nameof(config));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in ConfigSchema.Keys)
        {
            if (IsOperational(key.Path))
            {
                continue;
            }

            var node = Find(root, key.Path);
            switch (key.Kind)
            {
                case ConfigKind.OutputPath:
                    break;
                case ConfigKind.Map:
                    // Always a digest: a mapping such as extra-body may hold a token.
                    result[key.Path] = "sha256:" + Hash(Encoding.UTF8.GetBytes(node is ConfigMap m ? Canonical(m) : "{}"));
                    break;
                case ConfigKind.TextOrFileMap or ConfigKind.FileMap:
                    if (node is ConfigMap components)
                    {
                        foreach (var (name, entry) in components.Entries)
                        {
                            result[key.Path + "." + name] = ComponentDigest(entry.Value, key.Kind, config.BaseDirectory);
                        }
                    }

                    break;
                default:
                    var text = (node as ConfigScalar)?.Value;
                    // An absent key and the same value written out are the same setting.
                    result[key.Path] = text is not null ? Normalize(key, text, config.BaseDirectory)
                        : key.Kind == ConfigKind.InputFile || key.Default == "-" ? "default"
                        : Normalize(key, key.Default.Trim('`'), config.BaseDirectory);
                    break;
            }
        }

        return result;
    }

    private static bool IsOperational(string path)
    {
        // Where a run is tracked does not change what it computes.
        if (OperationalKeys.Contains(path, StringComparer.Ordinal) || path.StartsWith("engine.stop.", StringComparison.Ordinal) || path.StartsWith("tracking.", StringComparison.Ordinal))
        {
            return true;
        }

        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && (ConfigSchema.ModelSections.Contains(path[..dot]) || path[..dot] == ConfigSchema.EmbeddingSection)
            && (OperationalModelKeys.Contains(path[(dot + 1)..], StringComparer.Ordinal) || path[(dot + 1)..].StartsWith("price.", StringComparison.Ordinal));
    }

    private static ConfigNode? Find(ConfigMap root, string path)
    {
        ConfigNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            if (node is not ConfigMap map || !map.Entries.TryGetValue(segment, out var entry))
            {
                return null;
            }

            node = entry.Value;
        }

        return node;
    }

    private static string Normalize(ConfigKey key, string text, string baseDirectory)
    {
        switch (key.Kind)
        {
            case ConfigKind.Choice or ConfigKind.Boolean:
                return text.ToLowerInvariant();
            case ConfigKind.Integer or ConfigKind.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : text;
            case ConfigKind.Duration:
                return DurationParser.TryParse(text, out var span) ? span.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + "s" : text;
            case ConfigKind.InputFile:
                return FileDigest(Path.GetFullPath(Path.Combine(baseDirectory, text)));
            default:
                return Short(text);
        }
    }

    private static string ComponentDigest(ConfigNode node, ConfigKind kind, string baseDirectory) => node switch
    {
        ConfigScalar { Value: { } text } when kind == ConfigKind.TextOrFileMap => "sha256:" + Hash(Encoding.UTF8.GetBytes(text)),
        ConfigScalar { Value: { } file } => FileDigest(Path.GetFullPath(Path.Combine(baseDirectory, file))),
        ConfigMap m when m.Entries.TryGetValue("file", out var f) && f.Value is ConfigScalar { Value: { } path } => FileDigest(Path.GetFullPath(Path.Combine(baseDirectory, path))),
        _ => "?",
    };

    // A component given inline or in a file has the same digest when the text is the same: the text is what counts.
    private static string FileDigest(string path)
    {
        try
        {
            return "sha256:" + Hash(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "missing: " + path;
        }
    }

    private static string Hash(byte[] bytes) => System.Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];

    private static string Short(string text) => text.Length <= 64 ? text : "sha256:" + Hash(Encoding.UTF8.GetBytes(text));

    private static string Canonical(ConfigNode node) => node switch
    {
        ConfigMap m => "{" + string.Join(",", m.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => JsonEncode(e.Key) + ":" + Canonical(e.Value.Value))) + "}",
        ConfigSequence s => "[" + string.Join(",", s.Items.Select(Canonical)) + "]",
        ConfigScalar { Value: null } => "null",
        ConfigScalar q => (q.Quoted ? "'" : "") + JsonEncode(q.Value),
        _ => "?",
    };

    private static string JsonEncode(string text) => JsonSerializer.Serialize(text, CliJsonContext.Default.String);

    /// <summary>Returns whether a key name is one a secret would be kept under: a whole word of it (split at '-', '_', '.',
    /// spaces and lower-to-upper case changes) is a secret word, and it does not merely name where a secret is found
    /// (<c>api-key-env</c>).</summary>
    /// <param name="name">The key name.</param>
    /// <returns>Whether its value is treated as a secret.</returns>
    internal static bool IsSecretName(string name)
    {
        var words = Words(name);
        if (words.Count == 0 || words[^1] is "env" or "file" or "path" or "field" or "name")
        {
            return false;
        }

        return words.Any(w => SecretWords.Contains(w, StringComparer.Ordinal));
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = c is '-' or '_' or '.' or ' ' || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]));
            if (boundary && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static JsonNode? Convert(ConfigNode node, SecretRedactor redactor, ref bool redacted)
    {
        switch (node)
        {
            case ConfigMap map:
                var o = new JsonObject();
                foreach (var (name, entry) in map.Entries)
                {
                    if (IsSecretName(name) && entry.Value is ConfigScalar { Value: not null })
                    {
                        o[name] = RedactedValue;
                        redacted = true;
                    }
                    else
                    {
                        o[name] = Convert(entry.Value, redactor, ref redacted);
                    }
                }

                return o;
            case ConfigSequence sequence:
                var a = new JsonArray();
                foreach (var item in sequence.Items)
                {
                    a.Add(Convert(item, redactor, ref redacted));
                }

                return a;
            case ConfigScalar { Value: null }:
                return null;
            case ConfigScalar scalar:
                var text = redactor.Redact(scalar.Value!);
                if (!ReferenceEquals(text, scalar.Value) && text != scalar.Value)
                {
                    redacted = true;
                    return JsonValue.Create(text);
                }

                // The same typing rules as the binder: an unquoted true/false/number stays one, anything else is text.
                if (!scalar.Quoted)
                {
                    if (text is "true" or "false")
                    {
                        return JsonValue.Create(text == "true");
                    }

                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                    {
                        return JsonValue.Create(l);
                    }

                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                    {
                        return JsonValue.Create(d);
                    }
                }

                return JsonValue.Create(text);
            default:
                return null;
        }
    }
}
