using System.Globalization;
using System.Text;

namespace Gepa.Cli.Tests.Corpus;

/// <summary>One case of the bad-input corpus, read from a file of <c>Corpus/Cases</c>: headers (<c>key: value</c>), then the
/// files the case writes over the base project, each after a <c>-- path --</c> line.</summary>
/// <remarks>
/// Headers: <c>args</c> (the command line), <c>exit</c> (the expected exit code, default 2), <c>error</c> (a regex the one
/// error line must match), <c>server</c> (how the loopback model server answers: ok, task-401-echo, reflect-401-echo,
/// task-500, task-429), <c>env</c> (NAME=value, or NAME= to unset), <c>replace</c> (old =&gt; new in gepa.yaml), <c>before</c>
/// (a command run first, which must succeed), <c>then</c> (an action after it: delete, truncate, append, write-bytes,
/// mkdir, big, lock, corrupt-line), <c>leaves</c> (a path prefix the command may create or change; default none),
/// <c>resumable</c> (a run directory whose summary must say it can be resumed), <c>requires</c> (non-root).
/// Placeholders: <c>{server}</c>, <c>{secret}</c>.
/// </remarks>
public sealed class BadInputCase
{
    public required string Name { get; init; }

    public List<string> Args { get; } = [];

    public int Exit { get; set; } = 2;

    public string? Error { get; set; }

    public string Server { get; set; } = "ok";

    public Dictionary<string, string?> Env { get; } = new(StringComparer.Ordinal);

    public List<(string Old, string New)> Replacements { get; } = [];

    public List<string> Before { get; } = [];

    public List<string> Then { get; } = [];

    public List<string> Leaves { get; } = [];

    public string? Resumable { get; set; }

    public string? Requires { get; set; }

    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Name;

    public static BadInputCase Parse(string name, string text)
    {
        var c = new BadInputCase { Name = name };
        string? file = null;
        var content = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith("-- ", StringComparison.Ordinal) && raw.EndsWith(" --", StringComparison.Ordinal) && raw.Length > 6)
            {
                Flush();
                file = raw[3..^3];
                continue;
            }

            if (file is not null)
            {
                content.Append(raw).Append('\n');
                continue;
            }

            if (raw.StartsWith('#') || raw.Trim().Length == 0)
            {
                continue;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var key = raw[..colon].Trim();
            var value = raw[(colon + 1)..].Trim();
            switch (key)
            {
                case "args":
                    c.Args.AddRange(SplitArgs(value));
                    break;
                case "exit":
                    c.Exit = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "error":
                    c.Error = value;
                    break;
                case "server":
                    c.Server = value;
                    break;
                case "env":
                    var eq = value.IndexOf('=', StringComparison.Ordinal);
                    c.Env[value[..eq]] = eq == value.Length - 1 ? null : value[(eq + 1)..];
                    break;
                case "replace":
                    // "old => new"; new may be empty, and neither keeps leading spaces (write the YAML indent after a \n).
                    var arrow = value.IndexOf(" =>", StringComparison.Ordinal);
                    c.Replacements.Add((value[..arrow], value[(arrow + 3)..].TrimStart(' ')));
                    break;
                case "before":
                    c.Before.Add(value);
                    break;
                case "then":
                    c.Then.Add(value);
                    break;
                case "leaves":
                    c.Leaves.Add(value);
                    break;
                case "resumable":
                    c.Resumable = value;
                    break;
                case "requires":
                    c.Requires = value;
                    break;
                default:
                    throw new FormatException($"{name}: unknown header '{key}'");
            }
        }

        Flush();
        return c;

        void Flush()
        {
            if (file is not null)
            {
                c.Files[file] = content.ToString();
                content.Clear();
            }
        }
    }

    /// <summary>Splits a command line at spaces, keeping 'single-quoted' parts whole.</summary>
    public static List<string> SplitArgs(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var ch in line)
        {
            if (ch == '\'')
            {
                quoted = !quoted;
                any = true;
            }
            else if (ch == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                }

                current.Clear();
                any = false;
            }
            else
            {
                current.Append(ch);
                any = true;
            }
        }

        if (any)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
