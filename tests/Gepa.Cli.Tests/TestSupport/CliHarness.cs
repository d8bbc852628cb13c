using Gepa.Cli.Cli;
using Gepa.Cli.Running;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>Runs the gepa command line in-process in a scratch directory, capturing stdout and stderr.</summary>
public sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gepa-cli-test-" + Guid.NewGuid().ToString("N"));

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>How <c>optimize</c> builds its task: a contains-the-answer test task by default; tests of the production
    /// path set <see cref="Gepa.Cli.Running.ChatPromptTaskSetup"/>.</summary>
    internal ITaskSetup TaskSetup { get; set; } = new TestTaskSetup();

    public string Out { get; private set; } = "";

    public string Error { get; private set; } = "";

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Write(string relative, string content)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public async Task<int> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RunWithAsync(output, error, Xunit.TestContext.Current.CancellationToken, args);
        Out = output.ToString();
        Error = error.ToString();
        return code;
    }

    /// <summary>Runs with the given writers and token, for commands a test watches while they run (a server).</summary>
    public Task<int> RunWithAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken, params string[] args)
    {
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            Interactive = false,
            TaskSetup = TaskSetup,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            WorkingDirectory = Root,
        };
        return GepaCli.RunAsync(args, env, cancellationToken);
    }

    /// <summary>The repository root (where README.md and samples/ are).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(System.IO.Path.Combine(dir.FullName, "samples", "rule-world")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("The repository root (with samples/rule-world) was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every file under the scratch directory except those the test wrote itself.</summary>
    public IReadOnlyList<string> FilesUnder(string relative) =>
        Directory.Exists(Path(relative)) ? Directory.GetFiles(Path(relative), "*", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
