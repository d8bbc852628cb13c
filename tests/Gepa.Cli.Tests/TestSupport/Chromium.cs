using System.Diagnostics;

namespace Gepa.Cli.Tests.TestSupport;

/// <summary>Debian's headless Chromium, run as a real browser on a local file.</summary>
public static class Chromium
{
    /// <summary>Gets the browser's path, or <see langword="null"/> when it is not installed.</summary>
    public static string? Path { get; } = Find();

    /// <summary>Runs the browser on a page.</summary>
    /// <param name="page">The HTML file.</param>
    /// <param name="mode">The extra arguments (<c>--dump-dom</c>, or <c>--screenshot=…</c>).</param>
    /// <returns>What it printed on standard output and standard error.</returns>
    public static async Task<(string Out, string Error)> RunAsync(string page, params string[] mode)
    {
        var profile = Directory.CreateTempSubdirectory("gepa-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("chromium is not installed"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile,
            }.Concat(mode))
            {
                info.ArgumentList.Add(a);
            }

            info.ArgumentList.Add(new Uri(page).AbsoluteUri);
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 90 s");
            }

            return (await stdout, await stderr);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
