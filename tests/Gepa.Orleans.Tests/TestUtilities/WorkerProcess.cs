using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>A <c>gepa-cluster worker</c> process (the tool's build output next to this test's), started on loopback
/// ports and killed with SIGKILL by <see cref="Kill"/> or at the end.</summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(string connection, int latencyMs, IReadOnlyList<string>? extra, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var a in (string[])["exec", CliPath, "worker", "--connection", connection, "--silo-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--latency-ms", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--max-concurrent-rollouts", "10", "--batch-size", "2", "--fast-failure-detection"])
        {
            info.ArgumentList.Add(a);
        }

        foreach (var a in extra ?? [])
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The tool's build output: artifacts/bin/Gepa.Orleans.Cli/&lt;pivot&gt;, a sibling of this test's.</summary>
    public static string CliPath
    {
        get
        {
            var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var pivot = Path.GetFileName(here);
            return Path.GetFullPath(Path.Combine(here, "..", "..", "Gepa.Orleans.Cli", pivot, "Gepa.Orleans.Cli.dll"));
        }
    }

    public string SiloName { get; private set; } = "";

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts a worker; <paramref name="extra"/> are more options (--config …) and <paramref name="environment"/>
    /// variables of its own (a task model's key).</summary>
    public static async Task<WorkerProcess> StartAsync(string connection, int latencyMs, CancellationToken cancellationToken, IReadOnlyList<string>? extra = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var worker = new WorkerProcess(connection, latencyMs, extra, environment);
        try
        {
            worker.SiloName = await worker._up.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster politely.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _up.TrySetException(new InvalidOperationException($"The worker exited before it was up:\n{Output}"));
            return;
        }

        _output.Enqueue(line);
        if (UpLine().Match(line) is { Success: true } m)
        {
            _up.TrySetResult(m.Groups[1].Value);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^Worker silo (\S+) is up")]
    private static partial Regex UpLine();
}
