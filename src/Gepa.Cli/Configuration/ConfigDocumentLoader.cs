using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Gepa.Cli.Configuration;

/// <summary>Loads a YAML or JSON configuration file into a <see cref="ConfigNode"/> tree with source positions.</summary>
/// <remarks>JSON is read by the YAML parser (YAML is a superset of JSON), so both formats report line and column the
/// same way.</remarks>
internal static class ConfigDocumentLoader
{
    /// <summary>Loads configuration text.</summary>
    /// <param name="text">The YAML or JSON text.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <returns>The root mapping.</returns>
    /// <exception cref="ConfigException">The text is malformed or not a mapping.</exception>
    public static ConfigMap Load(string text, string file)
    {
        // Valid JSON never has a raw tab inside a string, and YAML forbids tabs as indentation: replacing them lets
        // tab-indented JSON load.
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            text = text.Replace('\t', ' ');
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(new ConfigError(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), null, "malformed YAML/JSON: " + Describe(e)));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, when the file ends inside a [ ] or { } block.
            var lines = text.Split('\n');
            throw new ConfigException(new ConfigError(new SourceLocation(file, lines.Length, lines[^1].Length + 1), null, "malformed YAML/JSON: the file ends inside an unclosed [ ] or { }, or an unterminated quote."));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new ConfigException(new ConfigError(new SourceLocation(file, 0, 0), null, "the configuration file is empty; create one with 'gepa init'."));
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ConfigException(new ConfigError(new SourceLocation(file, (int)second.Line, (int)second.Column), null, "the file holds more than one YAML document; keep one."));
        }

        var root = stream.Documents[0].RootNode;
        var errors = new List<ConfigError>();
        var node = Convert(root, file, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return node as ConfigMap
            ?? throw new ConfigException(new ConfigError(At(root, file), null, "the configuration must be a mapping of sections (task-model:, dataset:, engine: …)."));
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; the location is already in the prefix.
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return (i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(i + 3)..] : message).Trim();
    }

    private static SourceLocation At(YamlNode node, string file) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private static ConfigNode Convert(YamlNode node, string file, List<ConfigError> errors)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                var isNull = !quoted && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
                return new ConfigScalar(isNull ? null : scalar.Value, quoted, At(node, file));
            case YamlSequenceNode sequence:
                return new ConfigSequence([.. sequence.Children.Select(c => Convert(c, file, errors))], At(node, file));
            case YamlMappingNode mapping:
                var map = new ConfigMap(At(node, file));
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is not YamlScalarNode { Value: { } key })
                    {
                        errors.Add(new ConfigError(At(k, file), null, "a key must be plain text."));
                        continue;
                    }

                    if (!map.Entries.TryAdd(key, new ConfigEntry(At(k, file), Convert(v, file, errors))))
                    {
                        errors.Add(new ConfigError(At(k, file), key, "this key appears twice in the same section; keep one."));
                    }
                }

                return map;
            default:
                errors.Add(new ConfigError(At(node, file), null, "unsupported YAML node."));
                return new ConfigScalar(null, false, At(node, file));
        }
    }
}
