using System.Diagnostics;
using System.Text;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>The real <c>gepa</c> tool as a child process (<c>dotnet Gepa.Cli.dll …</c>), for tests that kill it.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private CliProcess(Process process)
    {
        Process = process;
    }

    /// <summary>Gets the process.</summary>
    public Process Process { get; }

    /// <summary>Gets what it printed on standard output so far.</summary>
    public string Out
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    /// <summary>Gets what it printed on standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_err)
            {
                return _err.ToString();
            }
        }
    }

    /// <summary>Gets the path of the tool's assembly in the tool's own build output (artifacts/bin/Gepa.Cli/&lt;config&gt;):
    /// the copy next to the tests lacks the libraries the test host takes from the ASP.NET Core shared framework.</summary>
    public static string ToolPath
    {
        get
        {
            var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
            var tool = System.IO.Path.Combine(testDir.Parent!.Parent!.FullName, "Gepa.Cli", testDir.Name, "Gepa.Cli.dll");
            return File.Exists(tool) ? tool : throw new FileNotFoundException($"The gepa tool is not built at {tool}.", tool);
        }
    }

    /// <summary>Starts the tool.</summary>
    /// <param name="workingDirectory">Its working directory.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The running process.</returns>
    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        // A test host started in the background by a shell without job control (or under nohup) ignores SIGINT, and
        // its children inherit that: the tool would never see the Ctrl+C a test sends. env puts the default back first.
        var resetInterrupt = OperatingSystem.IsLinux() && IgnoresInterrupt();
        var info = new ProcessStartInfo(resetInterrupt ? "env" : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (resetInterrupt)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet"); // env execs it: the process id stays the one Interrupt signals
        }

        info.ArgumentList.Add(ToolPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // The child must not inherit the test host's telemetry settings.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            lock (cli._out)
            {
                cli._out.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (cli._err)
            {
                cli._err.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Gets whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status: signal n is bit n - 1).</summary>
    private static bool IgnoresInterrupt()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 0b10) != 0;
    }

    /// <summary>Waits for the process to exit.</summary>
    /// <param name="timeout">How long at most; then it is killed and the test fails.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gepa did not exit within {timeout}.\nstdout:\n{Out}\nstderr:\n{Error}");
        }

        Process.WaitForExit(); // flushes the output handlers
        return Process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL: no handler runs, nothing is flushed.</summary>
    public void Kill()
    {
        try
        {
            Process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}
