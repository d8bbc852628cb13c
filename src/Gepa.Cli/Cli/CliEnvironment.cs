using Gepa.Cli.Running;
using Spectre.Console;

namespace Gepa.Cli.Cli;

/// <summary>Everything a command touches outside its arguments: the output streams, the environment, the clock and the
/// task setup. Tests build one with string writers and a dictionary of variables, and run commands in-process.</summary>
internal sealed class CliEnvironment
{
    /// <summary>Gets the standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Gets the standard error.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Gets the reader of environment variables (API keys come only from here).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets whether standard output is an interactive terminal (a live progress bar is drawn only then).</summary>
    public bool Interactive { get; init; }

    private Lazy<IAnsiConsole?> _console = new((IAnsiConsole?)null);

    /// <summary>Gets the console used for the live progress bar, when interactive.</summary>
    public IAnsiConsole? Console
    {
        get => _console.Value;
        init => _console = new(value);
    }

    /// <summary>Sets how the console is made, on first use: detecting the terminal and loading Spectre.Console's tables
    /// costs start-up CPU that the quiet, plain and JSON-lines modes, which never draw, should not pay.</summary>
    public Func<IAnsiConsole?> ConsoleFactory
    {
        init => _console = new(value);
    }

    /// <summary>Gets how a run's data is loaded and its adapter built.</summary>
    public required ITaskSetup TaskSetup { get; init; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the base delay of model-call retries; tests shorten it.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the directory relative output paths are resolved against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Creates the environment of the real process.</summary>
    /// <param name="taskSetup">The task setup.</param>
    /// <returns>The environment.</returns>
    public static CliEnvironment FromProcess(ITaskSetup taskSetup) => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        Interactive = !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected,
        ConsoleFactory = () => AnsiConsole.Console,
        TaskSetup = taskSetup,
    };
}
