using System.Diagnostics;

namespace Gepa.Orleans.Tests.TestUtilities;

/// <summary>Runs a tool's build output (<c>dotnet exec x.dll …</c>) to its end, with an environment of its own.</summary>
internal static class ToolProcess
{
    /// <summary>The gepa tool's build output: artifacts/bin/Gepa.Cli/&lt;pivot&gt;, a sibling of this test's (built
    /// because the cluster tool references it).</summary>
    public static string GepaPath => Sibling("Gepa.Cli");

    public static string Sibling(string project)
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.Combine(here, "..", "..", project, Path.GetFileName(here), project + ".dll"));
    }

    public static async Task<(int Code, string Out, string Error)> RunAsync(string dll, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan limit, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not end within {limit}:\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
