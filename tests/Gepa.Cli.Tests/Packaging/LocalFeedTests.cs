using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Gepa.Cli.Tests.TestSupport;
using Xunit;

namespace Gepa.Cli.Tests.Packaging;

/// <summary>What the README promises a new user: the packages packed into a local feed install as a tool that runs the
/// offline demo, and a fresh console project takes the library with <c>dotnet add package</c> and builds. Slow (it packs,
/// installs and builds for real), so one test does it all.</summary>
public sealed class LocalFeedTests : IDisposable
{
    private static readonly string[] Packed = ["Gepa.Abstractions", "Gepa", "Gepa.Simulation", "Gepa.Hosting", "Gepa.Cli"];

    // The bound on one step (pack, install, build, a run of the tool), there only to end a hung step. Packing builds
    // every project in Release from a clean copy: about a minute on an idle 2-core machine, but it passed 10 minutes
    // (the former bound) when other builds and test runs shared the cores, so the bound is far above the slowest seen.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(30);

    private readonly string _root = Directory.CreateTempSubdirectory("gepa-feed-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp folder is the system's to clean.
        }
    }

    [Fact]
    public async Task PackToALocalFeed_ToolInstallsAndRunsTheDemo_AndAConsoleProjectAddsTheLibrary()
    {
        var ct = TestContext.Current.CancellationToken;

        // A private copy of the sources, so packing cannot disturb the build the tests run from; a version no cache holds.
        var source = Path.Combine(_root, "src-copy");
        CopySources(CliHarness.RepositoryRoot, source);
        var version = "0.0.0-localfeed." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var feed = Path.Combine(_root, "feed");
        var rid = RuntimeInformation.RuntimeIdentifier;
        var packages = Path.Combine(_root, "nuget-packages");
        var nugetConfig = Path.Combine(_root, "NuGet.config");
        Directory.CreateDirectory(feed);

        // Restores read already-downloaded packages from the machine's cache but write into a private one.
        await File.WriteAllTextAsync(nugetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{packages}" /></config>
              <fallbackPackageFolders><add key="machine" value="{MachineCache()}" /></fallbackPackageFolders>
              <packageSources><add key="local" value="{feed}" /></packageSources>
            </configuration>
            """, ct);

        var solution = Path.Combine(source, "packages.slnx");
        await File.WriteAllTextAsync(solution, "<Solution>" + string.Concat(Packed.Select(p => $"<Project Path=\"src/{p}/{p}.csproj\" />")) + "</Solution>", ct);
        await Run(source, ct, "pack", solution, "-c", "Release", "-o", feed, "-p:Version=" + version, "-p:ToolPackageRuntimeIdentifiers=" + rid, "-p:EnableSourceControlManagerQueries=false", "-p:EnableSourceLink=false");

        foreach (var id in Packed)
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{version}.nupkg")), $"{id} was not packed");

            // The tool's own package only points at its per-platform packages, which carry the code and the symbols.
            var symbols = id == "Gepa.Cli" ? $"{id}.{rid}.{version}.snupkg" : $"{id}.{version}.snupkg";
            Assert.True(File.Exists(Path.Combine(feed, symbols)), $"{id} has no symbols package");
        }

        var platformTool = Path.Combine(feed, $"Gepa.Cli.{rid}.{version}.nupkg");
        Assert.True(new FileInfo(platformTool).Length < 15 * 1024 * 1024, $"the tool package for {rid} is {new FileInfo(platformTool).Length} bytes");

        // The tool's own symbols are in its symbols package only, not in the package that is installed.
        using (var tool = ZipFile.OpenRead(platformTool))
        using (var toolSymbols = ZipFile.OpenRead(Path.Combine(feed, $"Gepa.Cli.{rid}.{version}.snupkg")))
        {
            Assert.DoesNotContain(tool.Entries, e => e.Name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(toolSymbols.Entries, e => e.FullName == $"tools/net10.0/{rid}/Gepa.Cli.pdb");
        }

        // dotnet tool install, as the README shows it, then the demo from a folder with no checkout.
        var tools = Path.Combine(_root, "tools");
        await Run(_root, ct, "tool", "install", "Gepa.Cli", "--tool-path", tools, "--version", version, "--configfile", nugetConfig);
        var work = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var demo = await Exec(Path.Combine(tools, OperatingSystem.IsWindows() ? "gepa.exe" : "gepa"), work, ct, "demo", "--out", "demo-run", "--set", "engine.max-metric-calls=400");
        Assert.True(demo.Code == 0, demo.Output);
        Assert.Contains("SIMULATED WORLD", demo.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(work, "demo-run", "result.json")), demo.Output);
        var report = await Exec(Path.Combine(tools, OperatingSystem.IsWindows() ? "gepa.exe" : "gepa"), work, ct, "report", "demo-run");
        Assert.True(report.Code == 0, report.Output);
        Assert.True(new FileInfo(Path.Combine(work, "demo-run", "score_curve.png")).Length > 10_000, "the installed tool drew no PNG");

        // dotnet add package, as the README shows it, in a fresh console project that then builds and runs.
        var app = Path.Combine(_root, "app");
        await Run(_root, ct, "new", "console", "-o", app, "-n", "FeedApp");
        File.Copy(nugetConfig, Path.Combine(app, "NuGet.config"));
        await Run(app, ct, "add", "package", "Gepa", "--version", version);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Gepa;
            var options = new GepaOptions { MaxMetricCalls = 300 };
            GepaOptionsValidator.ValidateSettings(options);
            Console.WriteLine($"Gepa options valid: budget {options.MaxMetricCalls}");
            """, ct);
        var run = await Run(app, ct, "run");
        Assert.Contains("Gepa options valid: budget 300", run, StringComparison.Ordinal);
    }

    private static string MachineCache() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void CopySources(string from, string to)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "README.md" })
        {
            if (File.Exists(Path.Combine(from, file)))
            {
                Directory.CreateDirectory(to);
                File.Copy(Path.Combine(from, file), Path.Combine(to, file));
            }
        }

        // All of src: a packed project may reference one that is not packed on its own.
        foreach (var dir in new[] { "src", "eng", Path.Combine("samples", "rule-world") })
        {
            CopyDirectory(Path.Combine(from, dir), Path.Combine(to, dir));
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static async Task<string> Run(string workingDirectory, CancellationToken ct, params string[] args)
    {
        var (code, output) = await Exec("dotnet", workingDirectory, ct, args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} exited with {code}:\n{output}");
        return output;
    }

    private static async Task<(int Code, string Output)> Exec(string program, string workingDirectory, CancellationToken ct, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // No build server outlives the test, and nothing is sent anywhere.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {StepTimeout} and was killed:\n{await stdout}{await stderr}");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
