using Gepa.Cli.Cli;

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
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            Interactive = false,
            TaskSetup = new TestTaskSetup(),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            WorkingDirectory = Root,
        };
        var code = await GepaCli.RunAsync(args, env, Xunit.TestContext.Current.CancellationToken);
        Out = output.ToString();
        Error = error.ToString();
        return code;
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
