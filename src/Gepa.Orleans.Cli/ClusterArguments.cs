using System.Globalization;

namespace Gepa.Orleans.Cli;

/// <summary>The command line: a command and <c>--name value</c> options (flags take no value).</summary>
internal sealed class ClusterArguments
{
    private static readonly HashSet<string> s_flags = new(StringComparer.Ordinal) { "--verbose", "--help", "--fast-failure-detection", "--compare-local" };
    private static readonly HashSet<string> s_repeatable = new(StringComparer.Ordinal) { "--set" };
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);

    private ClusterArguments(string command) => Command = command;

    public string Command { get; }

    public static ClusterArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ClusterArguments(args.Count > 0 ? args[0] : "--help");
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ClusterUsageException($"Unexpected argument '{name}'; options are written --name value.");
            }

            if (s_flags.Contains(name))
            {
                parsed._values[name] = "true";
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ClusterUsageException($"Option {name} needs a value.");
            }

            if (s_repeatable.Contains(name))
            {
                if (!parsed._lists.TryGetValue(name, out var list))
                {
                    parsed._lists[name] = list = [];
                }

                list.Add(args[++i]);
                continue;
            }

            parsed._values[name] = args[++i];
        }

        return parsed;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Gets every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> All(string name) => _lists.TryGetValue(name, out var list) ? list : [];

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name, string? environmentVariable = null) =>
        Get(name) ?? (environmentVariable is null ? null : Environment.GetEnvironmentVariable(environmentVariable))
        ?? throw new ClusterUsageException(environmentVariable is null
            ? $"Option {name} is required."
            : $"Option {name} is required (or set {environmentVariable}).");

    public int Int(string name, int fallback, int min, int max)
    {
        if (Get(name) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ClusterUsageException($"Option {name} must be a whole number from {min} to {max}; got '{text}'.");
        }

        return value;
    }
}
