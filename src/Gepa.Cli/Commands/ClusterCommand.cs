using System.Diagnostics;

namespace Gepa.Cli.Commands;

/// <summary><c>gepa cluster …</c>: forwards to the <c>gepa-cluster</c> tool (package Gepa.Orleans.Cli), which carries
/// Orleans and the PostgreSQL driver so that this tool's package does not. Without it, one line says how to install it.</summary>
internal static class ClusterCommand
{
    /// <summary>The command that installs the cluster tool.</summary>
    public const string InstallCommand = "dotnet tool install --global Gepa.Orleans.Cli";

    /// <summary>Runs <c>gepa-cluster</c> with <paramref name="args"/> (everything after <c>gepa cluster</c>).</summary>
    /// <param name="args">The arguments to pass on.</param>
    /// <param name="env">The environment.</param>
    /// <param name="cancellationToken">Stops waiting; the cluster tool is given 10 s to stop on its own first.</param>
    /// <returns>The cluster tool's exit code.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Cli.CliEnvironment env, CancellationToken cancellationToken)
    {
        if (Locate(env) is not { } start)
        {
            await env.Error.WriteLineAsync(env.GetEnvironmentVariable(ToolVariable) is { Length: > 0 } named
                ? $"error: {ToolVariable} names '{named}', which does not exist; unset it or install the cluster tool with: {InstallCommand}"
                : $"error: 'gepa cluster' needs the gepa-cluster tool, which is not installed; install it with: {InstallCommand}");
            return Cli.ExitCodes.BadInput;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var copyOut = CopyAsync(process.StandardOutput, env.Out);
        var copyErr = CopyAsync(process.StandardError, env.Error);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reached the cluster tool too (same process group); give it time to leave the cluster cleanly.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await Task.WhenAll(copyOut, copyErr);
        return process.ExitCode;
    }

    /// <summary>The environment variable that names the cluster tool to use (its executable or .dll), overriding the
    /// search.</summary>
    public const string ToolVariable = "GEPA_CLUSTER_TOOL";

    /// <summary>Finds the tool: <see cref="ToolVariable"/>, else on PATH (a global tool install), else next to this
    /// build in a checkout.</summary>
    private static ProcessStartInfo? Locate(Cli.CliEnvironment env)
    {
        if (env.GetEnvironmentVariable(ToolVariable) is { Length: > 0 } named)
        {
            return !File.Exists(named) ? null : named.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? DotnetExec(named) : new ProcessStartInfo(named);
        }

        var names = OperatingSystem.IsWindows() ? new[] { "gepa-cluster.exe", "gepa-cluster.cmd" } : ["gepa-cluster"];
        var path = (env.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var dir in path)
        {
            foreach (var name in names)
            {
                var file = Path.Combine(dir, name);
                if (File.Exists(file))
                {
                    return new ProcessStartInfo(file);
                }
            }
        }

        // A checkout builds into artifacts/bin/<project>/<configuration>: the cluster tool sits beside this one.
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var sibling = Path.GetFullPath(Path.Combine(here, "..", "..", "Gepa.Orleans.Cli", Path.GetFileName(here), "Gepa.Orleans.Cli.dll"));
        return File.Exists(sibling) ? DotnetExec(sibling) : null;
    }

    private static ProcessStartInfo DotnetExec(string dll)
    {
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(dotnet);
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        return info;
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read));
            await to.FlushAsync();
        }
    }
}
