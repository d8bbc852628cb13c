using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gepa.Cli.Running;
using Gepa.Cli.Tests.Loopback;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Corpus;

/// <summary>The bad-input corpus: every case of <c>Corpus/Cases</c> runs the real command line (in-process, with the
/// production chat-prompt task setup and a loopback model server) and must give the expected exit code, exactly one error
/// line that names the place, no stack trace, nothing left behind, nothing of the user's changed, and no secret anywhere:
/// not on screen and not in any file under the case's directory.</summary>
public sealed class BadInputCorpusTests : IAsyncLifetime
{
    private static readonly string CasesDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus", "Cases");
    private LoopbackLlmServer _server = null!;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CasesDirectory, "*.case", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(CasesDirectory, file).Replace('\\', '/'));
        }

        return data;
    }

    public async ValueTask InitializeAsync() => _server = await LoopbackLlmServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Corpus_HasAtLeastSixtyCases_InEveryArea()
    {
        var cases = Cases().Select(r => (string)r.Data).ToList();

        Assert.True(cases.Count >= 60, $"the corpus has {cases.Count} cases");
        foreach (var area in new[] { "config", "data", "templates", "providers", "run-directories", "output-paths" })
        {
            Assert.Contains(cases, c => c.StartsWith(area + "/", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_RefusedSafely(string name)
    {
        var c = BadInputCase.Parse(name, await File.ReadAllTextAsync(Path.Combine(CasesDirectory, name), TestContext.Current.CancellationToken));
        if (c.Requires == "non-root" && (OperatingSystem.IsWindows() || Environment.UserName == "root"))
        {
            Assert.Skip("permissions do not bind root");
        }

        using var h = new CliHarness { TaskSetup = new ChatPromptTaskSetup() };
        _server.Responder = Responder(c.Server);
        Setup(h, c);
        var userFiles = Snapshot(h.Root);
        foreach (var command in c.Before)
        {
            var code = await h.RunAsync([.. BadInputCase.SplitArgs(command)]);
            Assert.True(code == 0, $"'{command}' failed: {h.Error}");
        }

        FileStream? held = null;
        try
        {
            foreach (var action in c.Then)
            {
                if (Act(h, action) is { } lockFile)
                {
                    held = lockFile;
                }
            }

            var before = Snapshot(h.Root);
            var exit = await h.RunAsync([.. c.Args]);
            var (output, stderr) = (h.Out, h.Error);

            Assert.True(exit == c.Exit, $"exit {exit}, expected {c.Exit}; stderr: {stderr}; stdout: {output}");
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            if (c.Error is { } pattern)
            {
                Assert.Matches(new Regex(pattern.Replace("{root}", Regex.Escape(h.Root), StringComparison.Ordinal)), line);
            }

            Assert.DoesNotContain("   at ", output + stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception:", line, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);

            var after = Snapshot(h.Root);
            foreach (var (path, bytes) in before)
            {
                if (Allowed(c, path))
                {
                    continue;
                }

                Assert.True(after.TryGetValue(path, out var now), $"{path} was removed");
                Assert.True(bytes.AsSpan().SequenceEqual(now), $"{path} was changed");
            }

            var added = after.Keys.Where(p => !before.ContainsKey(p) && !Allowed(c, p)).ToList();
            Assert.True(added.Count == 0, "left behind: " + string.Join(", ", added));

            AssertNoSecret(h.Root, userFiles, output + stderr);
            if (c.Resumable is { } run)
            {
                var summary = JsonNode.Parse(await File.ReadAllTextAsync(h.Path(Path.Combine(run, "summary.json")), TestContext.Current.CancellationToken))!;
                Assert.True(summary["resumable"]!.GetValue<bool>(), "summary.json says the run cannot be resumed");
                Assert.NotEqual("completed", summary["status"]!.GetValue<string>());
            }
        }
        finally
        {
            held?.Dispose();
        }
    }

    private static bool Allowed(BadInputCase c, string path) =>
        c.Leaves.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal));

    private Func<RecordedRequest, FakeReply> Responder(string mode)
    {
        var echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + Configs.Secret + ". You can find your API key at https://example.invalid.\",\"type\":\"invalid_request_error\"}}";
        return r =>
        {
            var reflection = r.Json["model"]?.GetValue<string>() == "reflection-model";
            return (mode, reflection) switch
            {
                ("task-401-echo", false) or ("reflect-401-echo", true) => new FakeReply { Status = 401, ErrorBody = echo },
                ("task-500", false) => FakeReply.Error(500),
                ("task-429", false) => FakeReply.Error(429, "0"),
                ("ok" or "task-401-echo" or "task-500" or "task-429", true) => FakeReply.Ok("```\nAnswer with the capital city's name.\n```"),
                _ => FakeReply.Ok(r.Body.Contains("capital city", StringComparison.Ordinal) ? "Paris Rome Madrid Tokyo Lima Santiago" : "no idea"),
            };
        };
    }

    private void Setup(CliHarness h, BadInputCase c)
    {
        Configs.WriteData(h);
        var config = Configs.Valid(_server.BaseUri, budget: 20);
        foreach (var (old, replacement) in c.Replacements)
        {
            var from = Expand(old).Replace("\\n", "\n", StringComparison.Ordinal);
            Assert.True(config.Contains(from, StringComparison.Ordinal), $"{c.Name}: gepa.yaml has no '{old}'");
            config = config.Replace(from, Expand(replacement).Replace("\\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        h.Write("gepa.yaml", config);
        foreach (var (path, content) in c.Files)
        {
            h.Write(path, Expand(content));
        }

        h.Environment["GEPA_TEST_KEY"] = Configs.Secret;
        foreach (var (name, value) in c.Env)
        {
            if (value is null)
            {
                h.Environment.Remove(name);
            }
            else
            {
                h.Environment[name] = Expand(value);
            }
        }

        string Expand(string text) => text
            .Replace("{server}", _server.BaseUri.ToString(), StringComparison.Ordinal)
            .Replace("{secret}", Configs.Secret, StringComparison.Ordinal);
    }

    private static FileStream? Act(CliHarness h, string action)
    {
        var parts = action.Split(' ', 3);
        var path = h.Path(parts[1]);
        switch (parts[0])
        {
            case "delete":
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }

                return null;
            case "truncate":
                using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    f.SetLength(f.Length - int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                }

                return null;
            case "append":
                File.AppendAllText(path, parts[2].Replace("\\n", "\n", StringComparison.Ordinal));
                return null;
            case "write":
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, parts[2].Replace("\\n", "\n", StringComparison.Ordinal));
                return null;
            case "write-bytes":
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, Convert.FromHexString(parts[2].Replace(" ", "", StringComparison.Ordinal)));
                return null;
            case "mkdir":
                Directory.CreateDirectory(path);
                return null;
            case "big":
                // One example whose input is this many characters long, after an ordinary one.
                var size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                File.WriteAllText(path, "{\"input\": \"Capital of Peru?\", \"answer\": \"Lima\"}\n{\"input\": \"" + new string('x', size) + "\", \"answer\": \"Rome\"}\n");
                return null;
            case "big-csv":
                var cell = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                File.WriteAllText(path, "input,answer\nCapital of France?,Paris\nCapital of Italy?," + new string('x', cell) + "\n");
                return null;
            case "chmod":
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(parts[2], 8));
                }

                return null;
            case "corrupt-line":
                var lines = File.ReadAllLines(path);
                var n = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
                lines[n - 1] = "{\"torn\": " + new string('#', Math.Max(0, lines[n - 1].Length - 9)); // the same length
                File.WriteAllText(path, string.Join('\n', lines) + "\n");
                return null;
            case "set-json":
                var kv = parts[2].Split(' ', 2);
                var node = JsonNode.Parse(File.ReadAllText(path))!;
                node[kv[0]] = JsonNode.Parse(kv[1]);
                File.WriteAllText(path, node.ToJsonString());
                return null;
            case "lock":
                return new FileStream(Path.Combine(path, "run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            default:
                throw new FormatException($"unknown action '{parts[0]}'");
        }
    }

    private static Dictionary<string, byte[]> Snapshot(string root)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
            files[relative] = File.Exists(entry) ? Read(entry) : Encoding.UTF8.GetBytes("<directory>");
        }

        return files;
    }

    /// <summary>Nothing gepa wrote (every file but the user's own, as the case wrote them) holds the secret.</summary>
    private static byte[] Read(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (IOException)
        {
            // The lock file a case holds is locked against readers too.
            return Encoding.UTF8.GetBytes("<locked>");
        }
    }

    private static void AssertNoSecret(string root, Dictionary<string, byte[]> userFiles, string screen)
    {
        const string Core = "TOPSECRET";
        Assert.DoesNotContain(Core, screen, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var bytes = Read(file);
            if (userFiles.TryGetValue(Path.GetRelativePath(root, file).Replace('\\', '/'), out var mine) && mine.AsSpan().SequenceEqual(bytes))
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            Assert.False(text.Contains(Core, StringComparison.Ordinal), $"{file} holds the secret");
        }
    }
}
